package io.obshell.emulator.task;

import java.util.List;
import java.util.Optional;

import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;
import org.springframework.stereotype.Service;

/** The read side of the task routes, with obshell's ID checks and not-found answers (dag-engine.md §1.6, §3). */
@Service
class TaskQueries {

    private final TaskStore store;
    private final TaskViews views;
    TaskQueries(TaskStore store, TaskViews views) {
        this.store = store;
        this.views = views;
    }

    TaskDtos.DagDetailDTO dag(String genericId, boolean details) {
        return views.dag(findDag(genericId), details);
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

    List<TaskDtos.DagDetailDTO> dags(boolean details) {
        return store.dags().stream().map(dag -> views.dag(dag, details)).toList();
    }

    List<TaskDtos.DagDetailDTO> unfinishedDags(boolean details) {
        return store.unfinishedDags().stream().map(dag -> views.dag(dag, details)).toList();
    }

    TaskDtos.DagDetailDTO lastMaintenanceDag(boolean details) {
        return lastMaintenanceDagIfAny(details).orElseThrow(() -> notFound("Agent is not under maintenance"));
    }

    Optional<TaskDtos.DagDetailDTO> lastMaintenanceDagIfAny(boolean details) {
        return store.lastMaintenanceDag().map(dag -> views.dag(dag, details));
    }

    /** Decodes the ID; an obproxy ID naming another agent is not found here. */
    private GenericIdCodec.GenericId decodeOwn(String genericId) {
        GenericIdCodec.GenericId id = GenericIdCodec.decode(genericId);
        if (id.obproxy() && !genericId.startsWith(views.agentIdPrefix())) {
            throw notFound("obproxy task not found");
        }
        return id;
    }

    private static ApiException recordNotFound() {
        return notFound("record not found");
    }

    static ApiException notFound(String reason) {
        return ApiException.of(ErrorCode.TASK_NOT_FOUND, reason);
    }
}
