package io.obshell.emulator.task;

import java.util.List;
import java.util.Optional;

import io.obshell.emulator.agent.AgentIdentity;
import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;
import org.springframework.stereotype.Service;

/** The read side of the task routes, with obshell's ID checks and not-found answers (dag-engine.md §1.6, §3). */
@Service
class TaskQueries {

    private final TaskStore store;
    private final TaskViews views;
    private final AgentIdentity agent;

    TaskQueries(TaskStore store, TaskViews views, AgentIdentity agent) {
        this.store = store;
        this.views = views;
        this.agent = agent;
    }

    TaskDtos.DagDetailDTO dag(Dag dag, boolean details) {
        return views.dag(dag, details);
    }

    List<TaskDtos.DagDetailDTO> views(List<Dag> dags, boolean details) {
        return dags.stream().map(dag -> views.dag(dag, details)).toList();
    }

    Dag findDag(String genericId) {
        GenericIdCodec.GenericId id = decodeOwn(genericId);
        Dag dag = store.dag(id.rowId()).orElseThrow(TaskQueries::recordNotFound);
        if (!views.id(dag.id()).equals(genericId)) {
            throw notFound("dag id not match");
        }
        return dag;
    }

    /**
     * The node with its sub_tasks. obshell compares the ID's type with the DAG's only here, when
     * it builds the details, not when it finds the node.
     */
    TaskDtos.NodeDetailDTO node(Node node, String genericId) {
        if (!GenericIdCodec.decode(genericId).obproxy()) {
            throw notFound("node type not match");
        }
        return views.node(node);
    }

    Node findNode(String genericId) {
        GenericIdCodec.GenericId id = decodeOwn(genericId);
        return store.node(id.rowId()).orElseThrow(TaskQueries::recordNotFound);
    }

    TaskDtos.TaskDetailDTO subTask(String genericId) {
        GenericIdCodec.GenericId id = decodeOwn(genericId);
        SubTask task = store.subTask(id.rowId()).orElseThrow(TaskQueries::recordNotFound);
        if (!id.obproxy()) {
            throw notFound("sub task type not match");
        }
        return views.subTask(task);
    }

    List<TaskDtos.SubTaskLogDTO> logs(String genericId) {
        GenericIdCodec.GenericId id = decodeOwn(genericId);
        return store.logs(id.rowId()).stream().map(views::log).toList();
    }

    List<Dag> allDags() {
        return store.dags();
    }

    List<Dag> unfinishedDags() {
        return store.unfinishedDags();
    }

    Dag lastMaintenanceDag() {
        return lastMaintenanceDagIfAny().orElseThrow(() -> notFound("Agent is not under maintenance"));
    }

    Optional<Dag> lastMaintenanceDagIfAny() {
        return store.lastMaintenanceDag();
    }

    /** Decodes the ID; an obproxy ID naming another agent is not found here. */
    private GenericIdCodec.GenericId decodeOwn(String genericId) {
        GenericIdCodec.GenericId id = GenericIdCodec.decode(genericId);
        if (id.obproxy() && !GenericIdCodec.names(id, agent.ip(), agent.port())) {
            throw notFound("obproxy task not found");
        }
        return id;
    }

    /** {@code WrapRetain(ErrTaskNotFound, gorm.ErrRecordNotFound)}. */
    private static ApiException recordNotFound() {
        return ApiException.withCause(ErrorCode.TASK_NOT_FOUND_CAUSED, "record not found");
    }

    static ApiException notFound(String reason) {
        return ApiException.of(ErrorCode.TASK_NOT_FOUND, reason);
    }
}
