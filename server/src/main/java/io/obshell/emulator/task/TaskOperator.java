package io.obshell.emulator.task;

/** obshell's DAG operators and their stored numbers (dag-engine.md §2.1). */
public enum TaskOperator {
    RUN(1), RETRY(2), ROLLBACK(3), CANCEL(4), PASS(5);

    final int code;

    TaskOperator(int code) {
        this.code = code;
    }

    static TaskOperator of(int code) {
        return values()[code - 1];
    }
}
