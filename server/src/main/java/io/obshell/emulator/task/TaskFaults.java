package io.obshell.emulator.task;

import java.time.Duration;
import java.util.Map;

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

    /** The fault for this execution, or null. Counting rules (times) are the implementation's. */
    Fault match(Dag dag, String taskName, Map<String, Object> params, boolean rollback);
}
