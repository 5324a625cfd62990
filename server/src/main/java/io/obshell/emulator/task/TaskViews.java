package io.obshell.emulator.task;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.obshell.emulator.agent.AgentIdentity;
import io.obshell.emulator.api.GoTime;
import org.springframework.stereotype.Component;

/** Rows to DTOs, with obshell's null rules (dag-engine.md §1.4) and generic IDs. */
@Component
class TaskViews {

    static final int MAINTENANCE_NONE = 1;
    static final int MAINTENANCE_GLOBAL = 2;
    static final int MAINTENANCE_OBPROXY = 4;

    private final TaskStore store;
    private final AgentIdentity agent;
    private final Clock clock;
    private volatile String agentIdPrefix;

    TaskViews(TaskStore store, AgentIdentity agent, Clock clock) {
        this.store = store;
        this.agent = agent;
        this.clock = clock;
    }

    String id(long rowId) {
        return agentIdPrefix() + rowId;
    }

    /**
     * {@code 4<ip><port>}: what every ID of this agent's obproxy tasks starts with. Encoded once,
     * on first use (the server port is known by then), not for every ID of every poll.
     */
    String agentIdPrefix() {
        String prefix = agentIdPrefix;
        if (prefix == null) {
            String zero = GenericIdCodec.encodeObproxy(agent.ip(), agent.port(), 0);
            prefix = zero.substring(0, zero.length() - 1);
            agentIdPrefix = prefix;
        }
        return prefix;
    }

    TaskDtos.DagDetailDTO dag(Dag dag, boolean details) {
        List<TaskDtos.NodeDetailDTO> nodes = null;
        Map<String, Object> additionalData = null;
        if (details) {
            nodes = store.nodes(dag.id()).stream().map(this::node).toList();
            // obshell merges the nodes' (empty) data: two or more nodes give {}, one gives null.
            additionalData = nodes.size() >= 2 ? Map.of() : null;
        }
        return new TaskDtos.DagDetailDTO(id(dag.id()), dag.id(), dag.name(), dag.stage(), dag.maxStage(),
                maintenanceType(dag), "", dag.state().name(), dag.operator().name(), time(dag.startTime()),
                time(dag.endTime()), additionalData, nodes);
    }

    TaskDtos.NodeDetailDTO node(Node node) {
        List<TaskDtos.TaskDetailDTO> subTasks = store.subTasks(node.id()).stream().map(this::subTask).toList();
        return new TaskDtos.NodeDetailDTO(id(node.id()), node.id(), node.name(), node.state().name(),
                node.operator().name(), time(node.startTime()), time(node.endTime()), null, subTasks);
    }

    TaskDtos.TaskDetailDTO subTask(SubTask task) {
        // Logs are shown only once the task has run: null while PENDING or READY.
        List<String> logs = task.state() == TaskState.PENDING || task.state() == TaskState.READY ? null
                : store.logs(task.id()).stream().map(TaskLog::content).toList();
        return new TaskDtos.TaskDetailDTO(id(task.id()), task.id(), task.name(), task.state().name(),
                task.operator().name(), time(task.startTime()), time(task.endTime()), null, task.executeTimes(),
                new TaskDtos.AgentInfo(agent.ip(), agent.port()), logs);
    }

    TaskDtos.SubTaskLogDTO log(TaskLog log) {
        return new TaskDtos.SubTaskLogDTO(log.id(), log.subTaskId(), log.executeTimes(), log.content(), log.sync(),
                time(log.createTime()), time(log.updateTime()));
    }

    private static int maintenanceType(Dag dag) {
        if (!dag.maintenance()) {
            return MAINTENANCE_NONE;
        }
        return "obproxy".equals(dag.type()) ? MAINTENANCE_OBPROXY : MAINTENANCE_GLOBAL;
    }

    private String time(long epochNanos) {
        return GoTime.format(Instant.ofEpochSecond(0, epochNanos), clock);
    }
}
