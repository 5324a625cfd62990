package io.obshell.emulator.client;

import java.time.Duration;
import java.util.Map;

/** A change to the pacing; null fields keep their value, {@code taskDelays} replaces every override. */
public record PacingUpdate(Duration stageDelay, Map<String, Duration> taskDelays, Boolean paused) {

    public static PacingUpdate stageDelay(Duration value) {
        return new PacingUpdate(value, null, null);
    }

    public static PacingUpdate taskDelays(Map<String, Duration> value) {
        return new PacingUpdate(null, value, null);
    }

    public static PacingUpdate paused(boolean value) {
        return new PacingUpdate(null, null, value);
    }

    public PacingUpdate withStageDelay(Duration value) {
        return new PacingUpdate(value, taskDelays, paused);
    }

    public PacingUpdate withTaskDelays(Map<String, Duration> value) {
        return new PacingUpdate(stageDelay, value, paused);
    }

    public PacingUpdate withPaused(boolean value) {
        return new PacingUpdate(stageDelay, taskDelays, value);
    }
}
