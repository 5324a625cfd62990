package io.obshell.emulator.task;

/** The {@code can_*} flags of a task, stored per sub_task (dag-engine.md §2.6). */
public enum TaskFlag {
    CONTINUE, RETRY, ROLLBACK, CANCEL, PASS
}
