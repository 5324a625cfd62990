package io.obshell.emulator.task;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;

/**
 * The DAGs as the emulator's control plane shows them to a person: newest first with their
 * stages, one DAG with its nodes, sub_tasks and log rows, the operators obshell would accept
 * for it now, and the operators themselves. IDs, not-found answers, operator rules and texts
 * are those of the task routes ({@code /api/v1/task/dag/{id}}): the same code runs.
 */
@Service
public class DagConsole {

    /** One stage of a DAG: its node's name, state and operator. */
    public record Stage(int stage, String name, TaskState state, TaskOperator operator) {
    }

    /**
     * A DAG at a glance. {@code duration} runs from the start to the end of a finished DAG
     * (SUCCEED or FAILED), else to now.
     */
    public record DagSummary(String id, long dagId, String name, TaskState state, TaskOperator operator, int stage,
            int maxStage, boolean maintenance, Instant startTime, Instant endTime, Duration duration,
            List<Stage> stages) {
    }

    /** A {@code sub_task_log} row, as {@code GET /api/v1/task/sub_task/{id}/logs} returns it. */
    public record LogLine(long id, int executeTimes, Instant time, String content) {
    }

    public record SubTaskDetail(String id, String name, TaskState state, TaskOperator operator, int executeTimes,
            Instant startTime, Instant endTime, List<LogLine> logs) {
    }

    public record NodeDetail(String id, int stage, String name, TaskState state, TaskOperator operator,
            Instant startTime, Instant endTime, List<SubTaskDetail> subTasks) {
    }

    /** A DAG with its nodes, and the operators obshell would accept for it now. */
    public record DagDetail(DagSummary dag, List<TaskOperator> operators, List<NodeDetail> nodes) {
    }

    /** The newest DAGs, and how many there are in all. */
    public record Newest(int total, List<DagSummary> dags) {
    }

    private final TaskStore store;
    private final TaskQueries queries;
    private final TaskViews views;
    private final DagOperations operations;
    private final MaintenanceLock lock;
    private final Clock clock;

    DagConsole(TaskStore store, TaskQueries queries, TaskViews views, DagOperations operations,
            MaintenanceLock lock, Clock clock) {
        this.store = store;
        this.queries = queries;
        this.views = views;
        this.operations = operations;
        this.lock = lock;
        this.clock = clock;
    }

    public Newest newest(int limit) {
        return new Newest(store.countDags(), store.newestDags(limit).stream().map(this::summary).toList());
    }

    /**
     * The DAG a generic ID names, refused as {@code GET /api/v1/task/dag/{id}} refuses it
     * ({@code Task.GenericID.Invalid}, {@code Task.NotFound}).
     */
    public DagDetail detail(String genericId) {
        return detail(queries.findDag(genericId));
    }

    /**
     * Applies RETRY, ROLLBACK, CANCEL or PASS through the code behind
     * {@code POST /api/v1/task/dag/{id}}: same checks, same errors, same state change.
     */
    public DagDetail operate(String genericId, String operator) {
        Dag dag = queries.findDag(genericId);
        operations.operate(dag, operator);
        return detail(store.dag(dag.id()).orElseThrow(() -> TaskQueries.notFound("record not found")));
    }

    /**
     * Who holds the obproxy maintenance lock: empty when it is free. A held lock is held by the
     * newest unfinished maintenance DAG; {@code held} with no such DAG is a lock left behind.
     */
    public record Maintenance(boolean held, Optional<DagSummary> holder) {
    }

    public Maintenance maintenance() {
        if (!lock.held()) {
            return new Maintenance(false, Optional.empty());
        }
        return new Maintenance(true, store.lastMaintenanceDag().filter(dag -> !dag.finished()).map(this::summary));
    }

    private DagDetail detail(Dag dag) {
        List<NodeDetail> nodes = store.nodes(dag.id()).stream().map(this::node).toList();
        return new DagDetail(summary(dag), operations.allowed(dag), nodes);
    }

    private NodeDetail node(Node node) {
        List<SubTaskDetail> tasks = store.subTasks(node.id()).stream()
                .map(task -> new SubTaskDetail(views.id(task.id()), task.name(), task.state(), task.operator(),
                        task.executeTimes(), instant(task.startTime()), instant(task.endTime()),
                        store.logs(task.id()).stream().map(DagConsole::line).toList()))
                .toList();
        return new NodeDetail(views.id(node.id()), node.stage(), node.name(), node.state(), node.operator(),
                instant(node.startTime()), instant(node.endTime()), tasks);
    }

    private DagSummary summary(Dag dag) {
        List<Stage> stages = store.nodes(dag.id()).stream()
                .map(node -> new Stage(node.stage(), node.name(), node.state(), node.operator())).toList();
        Instant start = instant(dag.startTime());
        Instant end = instant(dag.endTime());
        Duration duration = Duration.between(start, dag.state().finished() ? end : clock.instant());
        return new DagSummary(views.id(dag.id()), dag.id(), dag.name(), dag.state(), dag.operator(), dag.stage(),
                dag.maxStage(), dag.maintenance(), start, end, duration.isNegative() ? Duration.ZERO : duration,
                stages);
    }

    private static LogLine line(TaskLog log) {
        return new LogLine(log.id(), log.executeTimes(), instant(log.createTime()), log.content());
    }

    private static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(0, epochNanos);
    }
}
