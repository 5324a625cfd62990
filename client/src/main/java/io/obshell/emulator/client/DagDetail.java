package io.obshell.emulator.client;

import java.util.List;

/**
 * One DAG with its nodes, their sub-tasks and log rows ({@code GET /__emulator/dags/{id}}), and
 * {@code operators}: what obshell would accept for it now, in the order RETRY, ROLLBACK, CANCEL,
 * PASS. Times are ISO-8601.
 */
public record DagDetail(Dag dag, List<String> operators, List<Node> nodes) {

    public record Node(String id, int stage, String name, String state, String operator, String startTime,
            String endTime, List<SubTask> subTasks) {
    }

    public record SubTask(String id, String name, String state, String operator, int executeTimes, String startTime,
            String endTime, List<Log> logs) {
    }

    /** A task log row; {@code executeTimes} is the run of the task that wrote it. */
    public record Log(long id, int executeTimes, String time, String content) {
    }
}
