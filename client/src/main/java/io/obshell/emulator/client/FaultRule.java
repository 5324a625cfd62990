package io.obshell.emulator.client;

import java.time.Duration;

/**
 * An armed fault rule as the emulator shows it: {@code remaining} is null for a rule without
 * {@code times}, {@code fired} counts the executions it hit; {@code errCode} and {@code message}
 * are null for a latency-only rule.
 */
public record FaultRule(String id, String dag, String task, String version, String phase, Integer times,
        Integer remaining, int fired, boolean fail, String errCode, String message, Duration delay) {
}
