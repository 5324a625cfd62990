package io.obshell.emulator.task;

/** obshell's task states and their stored numbers (dag-engine.md §2.1). */
public enum TaskState {
    PENDING(1), READY(2), RUNNING(3), FAILED(4), SUCCEED(5);

    final int code;

    TaskState(int code) {
        this.code = code;
    }

    static TaskState of(int code) {
        return values()[code - 1];
    }

    public boolean finished() {
        return this == FAILED || this == SUCCEED;
    }
}
