package io.obshell.emulator.task;

/** A {@code dag_instance} row. Times are epoch nanoseconds. */
public record Dag(long id, String name, String type, int stage, int maxStage, TaskState state,
        TaskOperator operator, boolean maintenance, boolean finished, String context, long startTime, long endTime) {
}
