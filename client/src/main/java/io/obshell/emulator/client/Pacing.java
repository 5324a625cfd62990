package io.obshell.emulator.client;

import java.time.Duration;
import java.util.Map;

/** How fast DAGs move: the stage delay, per-task overrides by task name, and the pause switch. */
public record Pacing(Duration stageDelay, Map<String, Duration> taskDelays, boolean paused) {
}
