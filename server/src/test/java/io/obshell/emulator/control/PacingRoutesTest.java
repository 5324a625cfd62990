package io.obshell.emulator.control;

import static io.obshell.emulator.control.FaultRoutesTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.obshell.emulator.ControlHttp;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.obproxy.UpgradeObproxyDag;
import io.obshell.emulator.task.DagFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** GET/PUT /__emulator/pacing and POST /__emulator/pacing/step. */
@EmulatorHttpTest
class PacingRoutesTest {

    @Autowired
    EmulatorTestClient emulator;
    @Autowired
    DagFactory dags;
    @Autowired
    UpgradeObproxyDag upgrade;
    @Autowired
    JsonMapper json;

    ControlHttp control;

    @BeforeEach
    void start() {
        control = emulator.control();
    }

    @Test
    void pacingStartsAsConfigured() {
        JsonNode pacing = control.get("/__emulator/pacing").json();

        assertThat(pacing.path("stageDelay").asString()).isEqualTo("PT0.15S");
        assertThat(pacing.path("taskDelays").isEmpty()).isTrue();
        assertThat(pacing.path("paused").asBoolean()).isFalse();
    }

    @Test
    void putChangesOnlyTheFieldsGivenAndAcceptsBothDurationForms() {
        JsonNode pacing = control.put("/__emulator/pacing",
                "{\"stageDelay\": \"2s\", \"taskDelays\": {\"Hot restart obproxy\": \"PT1.5S\"}}").json();
        assertThat(pacing.path("stageDelay").asString()).isEqualTo("PT2S");
        assertThat(pacing.path("taskDelays").path("Hot restart obproxy").asString()).isEqualTo("PT1.5S");

        pacing = control.put("/__emulator/pacing", "{\"paused\": true}").json();
        assertThat(pacing.path("stageDelay").asString()).isEqualTo("PT2S");
        assertThat(pacing.path("taskDelays").size()).isEqualTo(1);
        assertThat(pacing.path("paused").asBoolean()).isTrue();
        assertThat(control.get("/__emulator/pacing").json()).isEqualTo(pacing);
    }

    @Test
    void badPacingIsRejectedAndChangesNothing() {
        ControlHttp.Response response = control.put("/__emulator/pacing",
                "{\"stageDelay\": \"-1s\", \"taskDelays\": {\"Brew tea\": \"1s\"}}");

        assertProblem(response, 400, "2 problems");
        assertThat(response.body()).contains("'stageDelay' must not be negative", "unknown task 'Brew tea'");
        assertProblem(control.put("/__emulator/pacing", "{\"stageDelay\": \"quick\"}"), 400, "is not a duration");
        assertProblem(control.put("/__emulator/pacing", "{\"pause\": true}"), 400, "Unknown field 'pause'");
        assertThat(control.get("/__emulator/pacing").json().path("stageDelay").asString()).isEqualTo("PT0.15S");
    }

    @Test
    void stepWhileRunningIsAConflict() {
        assertProblem(control.post("/__emulator/pacing/step", null), 409, "DAGs are not paused");
    }

    @Test
    void whilePausedADagTakesExactlyOneStepPerStep() {
        ObshellClient client = emulator.withPassword();
        control.put("/__emulator/pacing", "{\"paused\": true, \"stageDelay\": \"0s\"}");
        String id = json.valueToTree(dags.create(upgrade,
                new UpgradeObproxyDag.Params("/home/admin/obproxy/obproxy-upgrade-dir-1", "4.3.3.2", "5", "el7", "5.el7"))).path("id").asString();

        // Paused: nothing moves, however long we look.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> dag(client, id).path("state").asString().equals("READY"));

        assertThat(control.post("/__emulator/pacing/step", null).status()).isEqualTo(200);
        // One step: the DAG starts, its first node does not yet.
        JsonNode dag = await().atMost(Duration.ofSeconds(10)).until(() -> dag(client, id),
                d -> d.path("state").asString().equals("RUNNING"));
        assertThat(dag.path("nodes").get(0).path("state").asString()).isEqualTo("PENDING");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> dag(client, id).path("nodes").get(0).path("state").asString().equals("PENDING"));

        control.post("/__emulator/pacing/step", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> dag(client, id).path("nodes").get(0).path("state")
                .asString().equals("RUNNING"));
        assertThat(dag(client, id).path("nodes").get(0).path("sub_tasks").get(0).path("state").asString())
                .isEqualTo("PENDING");

        control.put("/__emulator/pacing", "{\"paused\": false}");
        await().atMost(Duration.ofSeconds(10)).until(() -> dag(client, id).path("state").asString().equals("FAILED"));
    }

    private static JsonNode dag(ObshellClient client, String id) {
        return client.get("/api/v1/task/dag/" + id).data();
    }
}
