package io.obshell.emulator.task;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.obshell.emulator.api.ApiException;

/**
 * Failures and latency injected into tasks on purpose (the emulator's fault switch). The
 * engine asks before every execution or rollback; a matched fault goes through the real
 * failure path.
 */
public interface TaskFaults {

    /** What to do to one execution: extra time, and optionally the failure to report. */
    record Fault(Duration delay, ApiException failure) {
    }

    /**
     * One execution a fault may hit: the DAG and task names, whether it is a rollback, the
     * target versions its params name ({@link DagParams#targetVersions()}) and the params as
     * stored, by obshell's keys (for a rule's {@code ${param}} placeholders).
     */
    record Execution(String dag, String task, boolean rollback, Set<String> targetVersions,
            Map<String, Object> params) {
    }

    /** The fault for this execution, or null. Counting rules (times) are the implementation's. */
    Fault match(Execution execution);
}
