package io.obshell.emulator.task;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** obshell's task DTOs (dag-engine.md §1.2–§1.3), keys and order exactly as Go emits them. */
public final class TaskDtos {

    private TaskDtos() {
    }

    @JsonPropertyOrder({"id", "dag_id", "name", "stage", "max_stage", "maintenance_type", "maintenance_key", "state",
            "operator", "start_time", "end_time", "additional_data", "nodes"})
    public record DagDetailDTO(
            @JsonProperty("id") String id,
            @JsonProperty("dag_id") long dagId,
            @JsonProperty("name") String name,
            @JsonProperty("stage") int stage,
            @JsonProperty("max_stage") int maxStage,
            @JsonProperty("maintenance_type") int maintenanceType,
            @JsonProperty("maintenance_key") String maintenanceKey,
            @JsonProperty("state") String state,
            @JsonProperty("operator") String operator,
            @JsonProperty("start_time") String startTime,
            @JsonProperty("end_time") String endTime,
            @JsonProperty("additional_data") Map<String, Object> additionalData,
            @JsonProperty("nodes") List<NodeDetailDTO> nodes) {
    }

    @JsonPropertyOrder({"id", "node_id", "name", "state", "operator", "start_time", "end_time", "additional_data",
            "sub_tasks"})
    public record NodeDetailDTO(
            @JsonProperty("id") String id,
            @JsonProperty("node_id") long nodeId,
            @JsonProperty("name") String name,
            @JsonProperty("state") String state,
            @JsonProperty("operator") String operator,
            @JsonProperty("start_time") String startTime,
            @JsonProperty("end_time") String endTime,
            @JsonProperty("additional_data") Map<String, Object> additionalData,
            @JsonProperty("sub_tasks") List<TaskDetailDTO> subTasks) {
    }

    @JsonPropertyOrder({"id", "task_id", "name", "state", "operator", "start_time", "end_time", "additional_data",
            "execute_times", "execute_agent", "task_logs"})
    public record TaskDetailDTO(
            @JsonProperty("id") String id,
            @JsonProperty("task_id") long taskId,
            @JsonProperty("name") String name,
            @JsonProperty("state") String state,
            @JsonProperty("operator") String operator,
            @JsonProperty("start_time") String startTime,
            @JsonProperty("end_time") String endTime,
            @JsonProperty("additional_data") Map<String, Object> additionalData,
            @JsonProperty("execute_times") int executeTimes,
            @JsonProperty("execute_agent") AgentInfo executeAgent,
            @JsonProperty("task_logs") List<String> taskLogs) {
    }

    @JsonPropertyOrder({"ip", "port"})
    public record AgentInfo(@JsonProperty("ip") String ip, @JsonProperty("port") int port) {
    }

    @JsonPropertyOrder({"id", "sub_task_id", "execute_times", "log_content", "is_sync", "create_time", "update_time"})
    public record SubTaskLogDTO(
            @JsonProperty("id") long id,
            @JsonProperty("sub_task_id") long subTaskId,
            @JsonProperty("execute_times") int executeTimes,
            @JsonProperty("log_content") String logContent,
            @JsonProperty("is_sync") boolean isSync,
            @JsonProperty("create_time") String createTime,
            @JsonProperty("update_time") String updateTime) {
    }
}
