package io.obshell.emulator.task;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import io.obshell.emulator.client.ObshellClient;
import tools.jackson.databind.JsonNode;

/** A client's view of one DAG over the task routes: read it, await a state, send an operator. */
public final class DagHttp {

    private final ObshellClient client;

    public DagHttp(ObshellClient client) {
        this.client = client;
    }

    /** The DAG with its nodes ({@code show_details=True}, as the python SDK polls). */
    public JsonNode dag(String id) {
        return client.get("/api/v1/task/dag/" + id + "?show_details=True").data();
    }

    public JsonNode awaitState(String id, String state) {
        await().atMost(Duration.ofSeconds(20)).until(() -> state.equals(dag(id).path("state").asString()));
        return dag(id);
    }

    public ObshellClient.Response operate(String id, String operator) {
        return client.post("/api/v1/task/dag/" + id, "{\"operator\":\"" + operator + "\"}");
    }

    /** The task_logs of the sub_task at {@code stage}; empty when null. */
    public static List<String> logs(JsonNode dag, int stage) {
        JsonNode logs = dag.get("nodes").get(stage - 1).get("sub_tasks").get(0).get("task_logs");
        return logs == null || logs.isNull() ? List.of() : logs.valueStream().map(JsonNode::asString).toList();
    }
}
