package io.obshell.emulator.task;

import static io.obshell.emulator.EnvelopeAssert.assertEnvelope;
import static io.obshell.emulator.EnvelopeAssert.keys;
import static org.assertj.core.api.Assertions.assertThat;

import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.client.ObshellClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The task routes where obshell's binding and ID decoding are quirky: {@code show_details} as
 * gin binds it and as late as obshell reads it, the generic-ID texts, and the cluster-only
 * routes an obproxy agent still answers.
 */
@EmulatorHttpTest
class TaskRouteFidelityTest extends PausedUpgradeDagFixture {

    // D1: gin's setBoolField maps "" to false, and a key without "=" is "" too.
    @ParameterizedTest
    @ValueSource(strings = {"?show_details=", "?show_details", "?show_details=&show_details=true",
            "?show_details=false&show_details=true", "?show_details=0&show_details=yes"})
    void anEmptyOrFirstFalseShowDetailsHidesTheDetails(String query) {
        JsonNode dag = assertEnvelope(client.get("/api/v1/task/dag/" + dagId + query)).isSuccess().data();
        assertThat(dag.get("nodes").isNull()).isTrue();
        assertThat(dag.get("additional_data").isNull()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "?show_details=True", "?show_details=true&show_details=false",
            "?show_details=1&show_details=yes", "?other=x"})
    void anAbsentOrFirstTrueShowDetailsShowsThem(String query) {
        JsonNode dag = assertEnvelope(client.get("/api/v1/task/dag/" + dagId + query)).isSuccess().data();
        assertThat(dag.get("nodes")).hasSize(10);
    }

    // D1: the bind error is ignored and the nil *bool dereferenced: Recovery's answer.
    @ParameterizedTest
    @ValueSource(strings = {"yes", "TrUe", "2", "%20true", "yes&show_details=true"})
    void aShowDetailsParseBoolRefusesIsObshellsPanicOnEveryRoute(String value) {
        String nodeId = client.get("/api/v1/task/dag/" + dagId).data().get("nodes").get(0).path("id").asString();
        for (String path : new String[] {"/api/v1/task/dag/" + dagId, "/api/v1/task/node/" + nodeId,
                "/api/v1/task/dags/agent", "/api/v1/task/dag/maintain/agent", "/api/v1/task/dag/maintain/agents",
                "/api/v1/task/dag/unfinish", "/api/v1/task/dag/agent/unfinish", "/api/v1/task/dag/agent/main_dags"}) {
            assertEnvelope(client.get(path + "?show_details=" + value)).isPanic();
        }
    }

    // D1: obshell dereferences only after the ID and the row are looked up.
    @Test
    void anInvalidShowDetailsLosesToTheIdsOwnError() {
        String prefix = dagId.substring(0, 16);
        assertEnvelope(client.get("/api/v1/task/dag/4123?show_details=yes")).isMiddlewareError(400,
                "Task.GenericID.Invalid", null, "Invalid ID: 4123");
        assertEnvelope(client.get("/api/v1/task/dag/" + prefix + "999999999?show_details=yes")).isMiddlewareError(404,
                "Task.NotFound", null, "Task not found: record not found");
        assertEnvelope(client.get("/api/v1/task/dag/" + prefix + "0" + dagId.substring(16) + "?show_details=yes")).isMiddlewareError(404,
                "Task.NotFound", null, "Task not found: dag id not match");
        assertEnvelope(client.get("/api/v1/task/node/" + prefix + "999999999?show_details=yes")).isMiddlewareError(404,
                "Task.NotFound", null, "Task not found: record not found");

        runner.stopAll();
        store.deleteAll();
        assertEnvelope(client.get("/api/v1/task/dag/maintain/agent?show_details=yes")).isMiddlewareError(404,
                "Task.NotFound", null, "Task not found: Agent is not under maintenance");
        // The unfinished list dereferences before it converts anything; dags/agent only per DAG.
        assertEnvelope(client.get("/api/v1/task/dag/unfinish?show_details=yes")).isPanic();
        assertEnvelope(client.get("/api/v1/task/dag/agent/unfinish?show_details=yes")).isPanic();
        JsonNode none = assertEnvelope(client.get("/api/v1/task/dags/agent?show_details=yes")).isSuccess().data();
        assertThat(none.get("contents")).isEmpty();
    }

    // D2 over HTTP.
    @Test
    void genericIdTextsAreObshells() {
        assertEnvelope(client.get("/api/v1/task/dag/4abcdefghij288611")).isMiddlewareError(400,
                "Task.GenericID.Invalid", null, "Invalid ID: 4abcdefghij288611: convert id to bigInt failed");
        assertEnvelope(client.get("/api/v1/task/dag/421307064892886x1")).isMiddlewareError(400,
                "Task.GenericID.Invalid", null, "Invalid ID: 421307064892886x1: parse port failed");
        // A signed address parses, and names another agent.
        assertEnvelope(client.get("/api/v1/task/dag/4+130706489288611")).isMiddlewareError(404,
                "Task.NotFound", null, "Task not found: obproxy task not found");
    }

    // D2: 39 digits holding this agent's IPv4 address decode to this agent; the row's own ID differs.
    @Test
    void anIpv4MappedIdNamesThisAgentButNotTheDag() {
        String ip = new java.math.BigInteger(1, new byte[] {127, 0, 0, 1}).toString();
        assertThat(agent.ip()).isEqualTo("127.0.0.1");
        // DAG IDs are never reused, so the row is this test's DAG's, whatever its number.
        String id = "5" + "0".repeat(39 - ip.length()) + ip + String.format("%05d", agent.port()) + dagId.substring(16);
        assertEnvelope(client.get("/api/v1/task/dag/" + id)).isMiddlewareError(404, "Task.NotFound", null,
                "Task not found: dag id not match");
    }

    // D11: the cluster-only routes build an error they never send.
    @Test
    void clusterDagListsAreTheMissingResponse() {
        for (String path : new String[] {"/api/v1/task/dags/ob", "/api/v1/task/dag/ob/unfinish",
                "/api/v1/task/dags/ob?show_details=yes"}) {
            assertEnvelope(client.get(path)).isMiddlewareError(500, "Common.Unexpected", null,
                    "Unexpected error: ocsagent cannot build response body");
        }
    }

    @Test
    void theClusterMaintenanceDagNeedsAnOceanBaseThisAgentDoesNotHold() {
        assertEnvelope(client.get("/api/v1/task/dag/maintain/ob")).isMiddlewareError(500,
                "Agent.OceanBase.NotHold", null, "Agent is not holding OceanBase");
    }

    @Test
    void mainDagsAreEmptyForAnObproxyDagAndThePanicWithout() {
        JsonNode data = assertEnvelope(client.get("/api/v1/task/dag/agent/main_dags")).isSuccess().data();
        assertThat(keys(data)).containsExactly("contents");
        assertThat(data.get("contents")).isEmpty();
        assertEnvelope(client.get("/api/v1/task/dag/agent/main_dags?show_details=")).isSuccess();

        runner.stopAll();
        store.deleteAll();
        assertEnvelope(client.get("/api/v1/task/dag/agent/main_dags")).isPanic();
    }

    @Test
    void theClusterRoutesNeedTheAgentPasswordLikeEveryTaskRoute() {
        ObshellClient.Response response = emulator.signingWith("wrong").get("/api/v1/task/dags/ob");
        assertEnvelope(response).isMiddlewareError(401, "Security.Authentication.IncorrectAgentPassword", 10008,
                "Unauthorized: Agent password is incorrect");
    }
}
