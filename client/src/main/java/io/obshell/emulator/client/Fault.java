package io.obshell.emulator.client;

import java.time.Duration;

/**
 * A fault rule to arm ({@code POST /__emulator/faults}). Null fields take the emulator's default:
 * {@code dag} "Upgrade obproxy", every version, every time, phase {@code execute}, obshell's own
 * error for the task, no delay, {@code fail} true.
 *
 * <pre>{@code
 * Fault.on("Hot restart obproxy").times(1).errCode("OBProxy.HotRestartFailed").message("hot restart failed")
 * Fault.on("Wait hot restart obproxy finish").latencyOnly(Duration.ofSeconds(30))
 * }</pre>
 */
public record Fault(String task, String dag, String version, Integer times, String phase, String errCode,
        String message, Duration delay, Boolean fail) {

    /** A rule failing every execution of {@code task} with obshell's error for it. */
    public static Fault on(String task) {
        return new Fault(task, null, null, null, null, null, null, null, null);
    }

    public Fault dag(String value) {
        return new Fault(task, value, version, times, phase, errCode, message, delay, fail);
    }

    /** Only upgrades to this target ({@code 4.3.3.2} or {@code 4.3.3.2-5}). */
    public Fault version(String value) {
        return new Fault(task, dag, value, times, phase, errCode, message, delay, fail);
    }

    /** Fires on this many matching executions, then stays listed as spent. */
    public Fault times(int value) {
        return new Fault(task, dag, version, value, phase, errCode, message, delay, fail);
    }

    /** Fails the task's rollback instead of its execution. */
    public Fault onRollback() {
        return new Fault(task, dag, version, times, "rollback", errCode, message, delay, fail);
    }

    public Fault errCode(String value) {
        return new Fault(task, dag, version, times, phase, value, message, delay, fail);
    }

    /** The FAILED sub_task's message; {@code ${upgradeDir}} or {@code ${version}} are filled from the DAG. */
    public Fault message(String value) {
        return new Fault(task, dag, version, times, phase, errCode, value, delay, fail);
    }

    /** Extra time the task stays RUNNING before it fails. */
    public Fault delay(Duration value) {
        return new Fault(task, dag, version, times, phase, errCode, message, value, fail);
    }

    /** A slow task that still succeeds. */
    public Fault latencyOnly(Duration value) {
        return new Fault(task, dag, version, times, phase, null, null, value, false);
    }
}
