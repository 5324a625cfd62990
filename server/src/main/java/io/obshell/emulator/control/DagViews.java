package io.obshell.emulator.control;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.obshell.emulator.task.DagConsole;
import io.obshell.emulator.task.TaskOperator;

/**
 * DAGs as the control plane answers them: times ISO-8601, durations in milliseconds, states and
 * operators by obshell's names. IDs are obshell's generic IDs, usable with the task routes.
 */
final class DagViews {

    private DagViews() {
    }

    @JsonPropertyOrder({"stage", "name", "state", "operator"})
    record StageView(int stage, String name, String state, String operator) {
    }

    @JsonPropertyOrder({"id", "dagId", "name", "state", "operator", "stage", "maxStage", "maintenance", "startTime",
            "endTime", "durationMs", "stages"})
    record DagView(String id, long dagId, String name, String state, String operator, int stage, int maxStage,
            boolean maintenance, String startTime, String endTime, long durationMs, List<StageView> stages) {
    }

    record DagList(int total, List<DagView> dags) {
    }

    @JsonPropertyOrder({"id", "executeTimes", "time", "content"})
    record LogView(long id, int executeTimes, String time, String content) {
    }

    @JsonPropertyOrder({"id", "name", "state", "operator", "executeTimes", "startTime", "endTime", "logs"})
    record SubTaskView(String id, String name, String state, String operator, int executeTimes, String startTime,
            String endTime, List<LogView> logs) {
    }

    @JsonPropertyOrder({"id", "stage", "name", "state", "operator", "startTime", "endTime", "subTasks"})
    record NodeView(String id, int stage, String name, String state, String operator, String startTime,
            String endTime, List<SubTaskView> subTasks) {
    }

    /** {@code operators}: what obshell would accept for the DAG now, in the order RETRY, ROLLBACK, CANCEL, PASS. */
    @JsonPropertyOrder({"dag", "operators", "nodes"})
    record DagDetailView(DagView dag, List<String> operators, List<NodeView> nodes) {
    }

    static DagView dag(DagConsole.DagSummary dag) {
        return new DagView(dag.id(), dag.dagId(), dag.name(), dag.state().name(), dag.operator().name(), dag.stage(),
                dag.maxStage(), dag.maintenance(), time(dag.startTime()), time(dag.endTime()),
                dag.duration().toMillis(), dag.stages().stream()
                        .map(s -> new StageView(s.stage(), s.name(), s.state().name(), s.operator().name())).toList());
    }

    static DagList list(DagConsole.Newest newest) {
        return new DagList(newest.total(), newest.dags().stream().map(DagViews::dag).toList());
    }

    static DagDetailView detail(DagConsole.DagDetail detail) {
        return new DagDetailView(dag(detail.dag()), detail.operators().stream().map(TaskOperator::name).toList(),
                detail.nodes().stream().map(DagViews::node).toList());
    }

    private static NodeView node(DagConsole.NodeDetail node) {
        return new NodeView(node.id(), node.stage(), node.name(), node.state().name(), node.operator().name(),
                time(node.startTime()), time(node.endTime()), node.subTasks().stream().map(DagViews::subTask).toList());
    }

    private static SubTaskView subTask(DagConsole.SubTaskDetail task) {
        return new SubTaskView(task.id(), task.name(), task.state().name(), task.operator().name(),
                task.executeTimes(), time(task.startTime()), time(task.endTime()), task.logs().stream()
                        .map(line -> new LogView(line.id(), line.executeTimes(), time(line.time()), line.content()))
                        .toList());
    }

    private static String time(Instant instant) {
        return instant.toString();
    }
}
