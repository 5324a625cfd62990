package io.obshell.emulator.task;

import static io.obshell.emulator.EnvelopeAssert.assertEnvelope;
import static io.obshell.emulator.EnvelopeAssert.keys;
import static org.assertj.core.api.Assertions.assertThat;


import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EnvelopeAssert;
import io.obshell.emulator.client.ObshellClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The task read routes on a freshly created, paused upgrade DAG (dag-engine.md §1, §3). */
@EmulatorHttpTest
class TaskRoutesTest extends PausedUpgradeDagFixture {

    /** A row no test makes: IDs are never reused, so a small number may name a real row. */
    private static final String NO_SUCH_ROW = "999999999";

    @Test
    void theDagIdEncodesThisAgentAndTheRowId() {
        assertThat(dagId).isEqualTo(GenericIdCodec.encodeObproxy(agent.ip(), agent.port(), 1));
    }

    // §1.2, §1.4: details by default; the DAG's additional_data is {} for ten nodes.
    @Test
    void aDagWithDetailsListsItsTenPendingNodes() {
        JsonNode dag = assertEnvelope(client.get("/api/v1/task/dag/" + dagId)).isSuccess().data();

        assertThat(keys(dag)).containsExactly("id", "dag_id", "name", "stage", "max_stage", "maintenance_type",
                "maintenance_key", "state", "operator", "start_time", "end_time", "additional_data", "nodes");
        assertThat(dag.path("name").asString()).isEqualTo("Upgrade obproxy");
        assertThat(dag.path("state").asString()).isEqualTo("READY");
        assertThat(dag.path("operator").asString()).isEqualTo("RUN");
        assertThat(dag.path("stage").asInt()).isEqualTo(1);
        assertThat(dag.path("max_stage").asInt()).isEqualTo(10);
        assertThat(dag.path("maintenance_type").asInt()).isEqualTo(4);
        assertThat(dag.path("maintenance_key").asString()).isEmpty();
        assertThat(dag.path("start_time").asString()).matches(EnvelopeAssert.GO_TIMESTAMP)
                .isEqualTo(dag.path("end_time").asString());
        assertThat(dag.get("additional_data").isObject()).isTrue();
        assertThat(dag.get("additional_data").isEmpty()).isTrue();
        assertThat(dag.get("nodes")).hasSize(10);
        assertThat(dag.get("nodes").valueStream().map(n -> n.path("name").asString()).toList()).containsExactly(
                "Create upgrade dir", "Download obproxy pkg from sqlite", "Check obproxy pkg", "Backup for upgrade",
                "Reinstall obproxy bin", "Copy obproxy config db file", "Record obproxy info",
                "Hot restart obproxy", "Wait hot restart obproxy finish", "Remove upgrade dir");

        JsonNode node = dag.get("nodes").get(0);
        assertThat(keys(node)).containsExactly("id", "node_id", "name", "state", "operator", "start_time",
                "end_time", "additional_data", "sub_tasks");
        assertThat(node.path("state").asString()).isEqualTo("PENDING");
        assertThat(node.get("additional_data").isNull()).isTrue();
        JsonNode task = node.get("sub_tasks").get(0);
        assertThat(keys(task)).containsExactly("id", "task_id", "name", "state", "operator", "start_time",
                "end_time", "additional_data", "execute_times", "execute_agent", "task_logs");
        assertThat(task.path("state").asString()).isEqualTo("PENDING");
        assertThat(task.path("execute_times").asInt()).isZero();
        assertThat(task.get("task_logs").isNull()).isTrue();
        assertThat(task.path("execute_agent").path("ip").asString()).isEqualTo(agent.ip());
        assertThat(task.path("execute_agent").path("port").asInt()).isEqualTo(agent.port());
        assertThat(task.path("id").asString()).startsWith(dagId.substring(0, 16));
    }

    @ParameterizedTest
    @ValueSource(strings = {"False", "false", "0", "f"})
    void withoutDetailsNodesAndAdditionalDataAreNull(String value) {
        JsonNode dag = assertEnvelope(client.get("/api/v1/task/dag/" + dagId + "?show_details=" + value))
                .isSuccess().data();
        assertThat(dag.get("nodes").isNull()).isTrue();
        assertThat(dag.get("additional_data").isNull()).isTrue();
    }

    @Test
    void nodeSubTaskAndLogRoutesAnswer() {
        JsonNode dag = client.get("/api/v1/task/dag/" + dagId).data();
        String nodeId = dag.get("nodes").get(1).path("id").asString();
        String taskId = dag.get("nodes").get(1).get("sub_tasks").get(0).path("id").asString();

        JsonNode node = assertEnvelope(client.get("/api/v1/task/node/" + nodeId)).isSuccess().data();
        assertThat(node.path("name").asString()).isEqualTo("Download obproxy pkg from sqlite");
        assertThat(node.get("sub_tasks")).hasSize(1);

        JsonNode task = assertEnvelope(client.get("/api/v1/task/sub_task/" + taskId)).isSuccess().data();
        assertThat(task.path("name").asString()).isEqualTo("Download obproxy pkg from sqlite");

        JsonNode logs = assertEnvelope(client.get("/api/v1/task/sub_task/" + taskId + "/logs")).isSuccess().data();
        assertThat(keys(logs)).containsExactly("contents");
        assertThat(logs.get("contents")).isEmpty();
    }

    // §3: obshell dereferences the missing details and answers with its panic response.
    @Test
    void aNodeWithoutDetailsIsObshellsPanic() {
        String nodeId = client.get("/api/v1/task/dag/" + dagId).data().get("nodes").get(0).path("id").asString();
        assertEnvelope(client.get("/api/v1/task/node/" + nodeId + "?show_details=false")).isPanic();
        // The type check runs only with details, so a mistyped ID panics as well.
        assertEnvelope(client.get("/api/v1/task/node/2" + nodeId.substring(1) + "?show_details=false")).isPanic();
    }

    @Test
    void listsAreWrappedInContents() {
        for (String path : new String[] {"/api/v1/task/dags/agent", "/api/v1/task/dag/agent/unfinish",
                "/api/v1/task/dag/unfinish"}) {
            JsonNode data = assertEnvelope(client.get(path)).isSuccess().data();
            assertThat(keys(data)).containsExactly("contents");
            assertThat(data.get("contents")).hasSize(1);
            assertThat(data.get("contents").get(0).path("id").asString()).isEqualTo(dagId);
        }
    }

    @Test
    void theLastMaintenanceDagIsFoundAndItsAbsenceIsNotFound() {
        JsonNode dag = assertEnvelope(client.get("/api/v1/task/dag/maintain/agent")).isSuccess().data();
        assertThat(dag.path("id").asString()).isEqualTo(dagId);

        runner.stopAll();
        store.deleteAll();
        assertEnvelope(client.get("/api/v1/task/dag/maintain/agent")).isMiddlewareError(404, "Task.NotFound", null,
                "Task not found: Agent is not under maintenance");
    }

    @Test
    void everyAgentsLastMaintenanceDagIsAListOfOneAndNoneIsObshellsPanic() {
        JsonNode data = assertEnvelope(client.get("/api/v1/task/dag/maintain/agents")).isSuccess().data();
        assertThat(keys(data)).containsExactly("contents");
        assertThat(data.get("contents")).hasSize(1);
        assertThat(data.get("contents").get(0).path("id").asString()).isEqualTo(dagId);

        runner.stopAll();
        store.deleteAll();
        assertEnvelope(client.get("/api/v1/task/dag/maintain/agents")).isPanic();
    }

    // §1.6 steps 4–6.
    @Test
    void idsThatDoNotNameThisAgentsRowsAreNotFound() {
        String prefix = dagId.substring(0, 16);
        String otherAgent = GenericIdCodec.encodeObproxy("10.9.9.9", agent.port(), 1);
        assertEnvelope(client.get("/api/v1/task/dag/" + otherAgent)).isMiddlewareError(404, "Task.NotFound", null,
                "Task not found: obproxy task not found");
        assertEnvelope(client.get("/api/v1/task/dag/" + prefix + NO_SUCH_ROW)).isMiddlewareError(404, "Task.NotFound",
                null, "Task not found: record not found");
        assertEnvelope(client.get("/api/v1/task/dag/" + prefix + "0" + dagId.substring(16))).isMiddlewareError(404, "Task.NotFound",
                null, "Task not found: dag id not match");
        assertEnvelope(client.get("/api/v1/task/dag/2" + dagId.substring(1))).isMiddlewareError(404,
                "Task.NotFound", null, "Task not found: dag id not match");
        JsonNode firstNode = client.get("/api/v1/task/dag/" + dagId).data().get("nodes").get(0);
        String nodeId = firstNode.path("id").asString();
        String subTaskId = firstNode.get("sub_tasks").get(0).path("id").asString();
        assertEnvelope(client.get("/api/v1/task/node/2" + nodeId.substring(1))).isMiddlewareError(404,
                "Task.NotFound", null, "Task not found: node type not match");
        assertEnvelope(client.get("/api/v1/task/sub_task/2" + subTaskId.substring(1))).isMiddlewareError(404,
                "Task.NotFound", null, "Task not found: sub task type not match");
    }

    // obshell's DagHandler: decode the ID, bind the body, then look for the agent and the row.
    @Test
    void theOperatorBodyIsBoundBeforeTheDagIsLookedUp() {
        String prefix = dagId.substring(0, 16);
        String otherAgent = GenericIdCodec.encodeObproxy("10.9.9.9", agent.port(), 1);
        for (String id : new String[] {prefix + NO_SUCH_ROW, prefix + "0" + dagId.substring(16), otherAgent}) {
            assertEnvelope(client.post("/api/v1/task/dag/" + id, "{}")).isMiddlewareError(400,
                    "Common.BindJsonFailed", null, "Bind JSON failed: Key: 'DagOperator.Operator' "
                            + "Error:Field validation for 'Operator' failed on the 'required' tag");
        }
        assertEnvelope(client.post("/api/v1/task/dag/4123", "{}")).isMiddlewareError(400, "Task.GenericID.Invalid",
                null, "Invalid ID: 4123");
        assertEnvelope(client.post("/api/v1/task/dag/" + prefix + NO_SUCH_ROW, "{\"operator\":\"jump\"}"))
                .isMiddlewareError(404, "Task.NotFound", null, "Task not found: record not found");
    }

    // obshell's NodeHandler: decode, bind, refuse any operator but PASS, then look for the node;
    // unlike the GET, it never compares the ID's type with the DAG's.
    @Test
    void theNodeOperatorIsCheckedBeforeTheNodeIsLookedUp() {
        String prefix = dagId.substring(0, 16);
        assertEnvelope(client.post("/api/v1/task/node/" + prefix + NO_SUCH_ROW, "{\"operator\":\"retry\"}"))
                .isMiddlewareError(400, "Task.Node.Operator.NotSupport", null, "Operator retry is not supported");
        assertEnvelope(client.post("/api/v1/task/node/" + prefix + NO_SUCH_ROW, "{}")).isMiddlewareError(400,
                "Common.BindJsonFailed", null, "Bind JSON failed: Key: 'DagOperator.Operator' "
                        + "Error:Field validation for 'Operator' failed on the 'required' tag");
        assertEnvelope(client.post("/api/v1/task/node/" + prefix + NO_SUCH_ROW, "{\"operator\":\"pass\"}"))
                .isMiddlewareError(404, "Task.NotFound", null, "Task not found: record not found");
        String nodeId = client.get("/api/v1/task/dag/" + dagId).data().get("nodes").get(0).path("id").asString();
        assertEnvelope(client.post("/api/v1/task/node/2" + nodeId.substring(1), "{\"operator\":\"pass\"}"))
                .isMiddlewareError(400, "Task.Node.Operator.PassNotFailedDag", null,
                        "Failed to pass node: assigned DAG is not failed");
    }

    @Test
    void malformedIdsAreBadRequests() {
        assertEnvelope(client.get("/api/v1/task/dag/4123")).isMiddlewareError(400, "Task.GenericID.Invalid", null,
                "Invalid ID: 4123");
    }

    // auth.md §2.1: obproxy task IDs need the agent password.
    @Test
    void anObproxyTaskIdRefusesTheObHeader() {
        ObshellClient.Response response = client.request("GET", "/api/v1/task/dag/" + dagId)
                .headerType(ObshellClient.HeaderType.OCEANBASE).send();
        assertEnvelope(response).isMiddlewareError(401, "Security.Authentication.WithAgentPassword", 10008,
                "Unauthorized: Should use agent_password to verify: this route only support agent password");
    }
}
