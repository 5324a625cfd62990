package io.obshell.emulator.control;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;
import io.obshell.emulator.task.TaskFaults;

/**
 * One armed fault: which executions it hits (DAG, task, target version, execute or rollback)
 * and what they report. {@code times} null fires forever; otherwise it counts down.
 */
final class FaultRule {

    enum Phase { EXECUTE, ROLLBACK }

    private final String id;
    private final String dag;
    private final String task;
    private final String version;
    private final Phase phase;
    private final AtomicInteger remaining;
    private final String errCode;
    private final String message;
    private final Duration delay;
    private final boolean fails;

    FaultRule(String id, String dag, String task, String version, Phase phase, Integer times, String errCode,
            String message, Duration delay, boolean fails) {
        this.id = id;
        this.dag = dag;
        this.task = task;
        this.version = version;
        this.phase = phase;
        this.remaining = times == null ? null : new AtomicInteger(times);
        this.errCode = errCode;
        this.message = message;
        this.delay = delay;
        this.fails = fails;
    }

    String id() {
        return id;
    }

    TaskFaults.Fault fire(String dagName, String taskName, String targetVersion, boolean rollback) {
        if (!dag.equals(dagName) || !task.equals(taskName) || (phase == Phase.ROLLBACK) != rollback
                || (version != null && !version.equals(targetVersion))) {
            return null;
        }
        if (remaining != null && remaining.getAndUpdate(n -> Math.max(0, n - 1)) <= 0) {
            return null;
        }
        ApiException failure = fails ? new ApiException(codeFor(errCode), message, ApiException.Stage.HANDLER) : null;
        return new TaskFaults.Fault(delay, failure);
    }

    private static ErrorCode codeFor(String errCode) {
        for (ErrorCode code : ErrorCode.values()) {
            if (code.errCode().equals(errCode)) {
                return code;
            }
        }
        return ErrorCode.COMMON_UNEXPECTED;
    }
}
