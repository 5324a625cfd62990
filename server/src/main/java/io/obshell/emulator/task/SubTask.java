package io.obshell.emulator.task;

/** A {@code subtask_instance} row with its can_* flags. */
public record SubTask(long id, long nodeId, String name, String structName, int executeTimes, boolean canCancel,
        boolean canContinue, boolean canPass, boolean canRetry, boolean canRollback, String context,
        TaskState state, TaskOperator operator, long startTime, long endTime) {
}
