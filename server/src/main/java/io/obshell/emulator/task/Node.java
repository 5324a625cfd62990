package io.obshell.emulator.task;

/** A {@code node_instance} row: one stage of a DAG. */
public record Node(long id, long dagId, int stage, String name, String structName, TaskState state,
        TaskOperator operator, long startTime, long endTime) {
}
