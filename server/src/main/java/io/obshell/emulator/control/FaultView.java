package io.obshell.emulator.control;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A fault rule as the control API shows it. {@code remaining} is null for a rule without
 * {@code times}; {@code fired} counts the executions it hit; {@code errCode} and
 * {@code message} are null for a latency-only rule; {@code message} may hold {@code ${param}}
 * placeholders, filled from the DAG's params when it fires.
 */
@JsonPropertyOrder({"id", "dag", "task", "version", "phase", "times", "remaining", "fired", "fail", "errCode",
        "message", "delay"})
record FaultView(String id, String dag, String task, String version, String phase, Integer times, Integer remaining,
        int fired, boolean fail, String errCode, String message, String delay) {
}
