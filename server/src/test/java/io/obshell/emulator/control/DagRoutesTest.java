package io.obshell.emulator.control;

import static io.obshell.emulator.control.FaultRoutesTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.obshell.emulator.ControlHttp;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.pkg.TestRpms;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The control routes behind the live page: {@code /__emulator/dags}, one DAG with its logs and
 * the operators obshell allows now, the operator route (obshell's code, rules and texts without
 * the agent password), {@code /__emulator/agent} with the lock's holder, the catalogue.
 */
@EmulatorHttpTest
class DagRoutesTest {

    private static final String UPGRADE = "/api/v1/obproxy/upgrade";

    @Autowired
    EmulatorTestClient emulator;

    @TempDir
    Path dir;

    ControlHttp control;
    ObshellClient client;

    @BeforeEach
    void emulatorWithTwoPackages() {
        control = emulator.control();
        emulator.emulatorControl().stageDelay(Duration.ZERO);
        client = emulator.withPassword();
        for (String version : List.of("4.3.3.0", "4.3.3.1")) {
            Path rpm = TestRpms.obproxy(version).release("5.el7").build(dir);
            assertThat(client.upload("/api/v1/obproxy/package", "p.rpm", rpm).status()).isEqualTo(200);
        }
    }

    @Test
    void dagsAreListedNewestFirstWithTheirStages() {
        assertThat(control.get("/__emulator/dags").body()).isEqualTo("{\"total\":0,\"dags\":[]}");
        String first = upgrade("4.3.3.0");
        awaitDagState(first, "SUCCEED");
        String second = upgrade("4.3.3.1");
        awaitDagState(second, "SUCCEED");

        JsonNode list = control.get("/__emulator/dags").json();
        assertThat(list.path("total").asInt()).isEqualTo(2);
        assertThat(list.path("dags").valueStream().map(dag -> dag.path("id").asString())).containsExactly(second, first);
        JsonNode dag = list.path("dags").get(0);
        assertThat(dag.path("name").asString()).isEqualTo("Upgrade obproxy");
        assertThat(dag.path("state").asString()).isEqualTo("SUCCEED");
        assertThat(dag.path("operator").asString()).isEqualTo("RUN");
        assertThat(dag.path("stage").asInt()).isEqualTo(10);
        assertThat(dag.path("maxStage").asInt()).isEqualTo(10);
        assertThat(dag.path("maintenance").asBoolean()).isTrue();
        assertThat(dag.path("durationMs").asLong()).isNotNegative();
        assertThat(dag.path("startTime").asString()).endsWith("Z");
        assertThat(dag.path("stages").valueStream().map(stage -> stage.path("name").asString()))
                .containsExactly("Create upgrade dir", "Download obproxy pkg from sqlite", "Check obproxy pkg",
                        "Backup for upgrade", "Reinstall obproxy bin", "Copy obproxy config db file",
                        "Record obproxy info", "Hot restart obproxy", "Wait hot restart obproxy finish",
                        "Remove upgrade dir");
        assertThat(dag.path("stages").valueStream().map(stage -> stage.path("state").asString())).containsOnly("SUCCEED");

        JsonNode newest = control.get("/__emulator/dags?limit=1").json();
        assertThat(newest.path("total").asInt()).isEqualTo(2);
        assertThat(newest.path("dags").valueStream().map(d -> d.path("id").asString())).containsExactly(second);
        assertProblem(control.get("/__emulator/dags?limit=0"), 400, "'limit' must be 1..1000: 0");
        assertProblem(control.get("/__emulator/dags?limit=1001"), 400, "'limit' must be 1..1000: 1001");
        assertProblem(control.get("/__emulator/dags?limit=x"), 400, "'limit'");
    }

    @Test
    void aDagShowsTheLogLinesTheTaskRoutesReturn() {
        String id = upgrade("4.3.3.0");
        awaitDagState(id, "SUCCEED");

        JsonNode detail = control.get("/__emulator/dags/" + id).json();
        assertThat(detail.path("dag").path("id").asString()).isEqualTo(id);
        assertThat(detail.path("operators")).isEmpty();
        JsonNode nodes = detail.path("nodes");
        assertThat(nodes).hasSize(10);
        assertThat(nodes.get(0).path("subTasks").get(0).path("logs")).isNotEmpty();
        JsonNode obshellDag = client.get("/api/v1/task/dag/" + id).data();
        for (int stage = 1; stage <= 10; stage++) {
            JsonNode node = nodes.get(stage - 1);
            JsonNode obshellNode = obshellDag.path("nodes").get(stage - 1);
            assertThat(node.path("stage").asInt()).isEqualTo(stage);
            assertThat(node.path("id").asString()).isEqualTo(obshellNode.path("id").asString());
            JsonNode task = node.path("subTasks").get(0);
            String taskId = obshellNode.path("sub_tasks").get(0).path("id").asString();
            assertThat(task.path("id").asString()).isEqualTo(taskId);
            assertThat(task.path("executeTimes").asInt()).isEqualTo(1);
            JsonNode obshellLogs = client.get("/api/v1/task/sub_task/" + taskId + "/logs").data().path("contents");
            assertThat(task.path("logs").valueStream().map(line -> line.path("content").asString()))
                    .as("stage %d", stage).containsExactlyElementsOf(obshellLogs.valueStream().map(l -> l.path("log_content").asString())
                            .toList());
        }
    }

    @Test
    void aDagFailedAtStageEightOffersWhatObshellAllowsAndRefusesTheRestWithItsTexts() {
        arm("{\"task\":\"Hot restart obproxy\",\"times\":1}");
        String id = upgrade("4.3.3.0");
        awaitDagState(id, "FAILED");

        JsonNode detail = control.get("/__emulator/dags/" + id).json();
        assertThat(detail.path("dag").path("stage").asInt()).isEqualTo(8);
        assertThat(detail.path("operators").valueStream().map(JsonNode::asString))
                .containsExactly("RETRY", "ROLLBACK", "PASS");
        assertThat(detail.path("nodes").get(7).path("subTasks").get(0).path("logs").valueStream()
                .map(line -> line.path("content").asString())).last().asString()
                .startsWith("ERROR: [Common.Unexpected]: ");
        JsonNode agent = control.get("/__emulator/agent").json();
        assertThat(agent.path("maintenance").path("held").asBoolean()).isTrue();
        assertThat(agent.path("maintenance").path("holder").path("id").asString()).isEqualTo(id);
        assertThat(agent.path("maintenance").path("holder").path("state").asString()).isEqualTo("FAILED");

        // Refused as obshell refuses it, with the same errCode and text as the task route.
        assertRefusedAsObshellRefuses(id, "CANCEL", 400, "Task.Dag.Operator.CancelFinishedDag");
        assertRefusedAsObshellRefuses(id, "SKIP", 400, "Task.Dag.Operator.NotSupport");

        ControlHttp.Response passed = control.post("/__emulator/dags/" + id + "/operator", "{\"operator\":\"pass\"}");
        assertThat(passed.status()).as(passed.body()).isEqualTo(200);
        assertThat(passed.json().path("dag").path("state").asString()).isEqualTo("SUCCEED");
        assertThat(passed.json().path("dag").path("operator").asString()).isEqualTo("PASS");
        assertThat(passed.json().path("operators")).isEmpty();
        assertThat(client.get("/api/v1/task/dag/" + id).data().path("state").asString()).isEqualTo("SUCCEED");
        assertThat(control.get("/__emulator/agent").json().path("maintenance").path("held").asBoolean()).isFalse();
    }

    @Test
    void rollbackIsNotOfferedAtStageTenAndRetryThroughTheControlPlaneFinishes() {
        arm("{\"task\":\"Remove upgrade dir\",\"times\":1}");
        String id = upgrade("4.3.3.0");
        awaitDagState(id, "FAILED");

        assertThat(control.get("/__emulator/dags/" + id).json().path("operators").valueStream()
                .map(JsonNode::asString)).containsExactly("RETRY", "PASS");
        assertRefusedAsObshellRefuses(id, "ROLLBACK", 400, "Task.Dag.Operator.RollbackNotAllowed");

        ControlHttp.Response retried = control.post("/__emulator/dags/" + id + "/operator", "{\"operator\":\"RETRY\"}");
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.json().path("dag").path("state").asString()).isIn("READY", "RUNNING", "SUCCEED");
        awaitDagState(id, "SUCCEED");
    }

    @Test
    void cancelIsOfferedOnlyWhileEveryNodeUpToTheCurrentOneCanCancel() {
        control.put("/__emulator/pacing", "{\"paused\":true}");
        String id = upgrade("4.3.3.0");
        // Stage 1: "Create upgrade dir" can cancel.
        assertThat(control.get("/__emulator/dags/" + id).json().path("operators").valueStream()
                .map(JsonNode::asString)).containsExactly("CANCEL");
        // Past stage 2, whose "Download obproxy pkg from sqlite" cannot cancel: nothing is offered.
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            control.post("/__emulator/pacing/step", null);
            return control.get("/__emulator/dags/" + id).json().path("dag").path("stage").asInt() == 3;
        });
        assertThat(control.get("/__emulator/dags/" + id).json().path("operators")).isEmpty();
        assertRefusedAsObshellRefuses(id, "CANCEL", 400, "Task.Dag.Operator.CancelNotAllowed");
        control.put("/__emulator/pacing", "{\"paused\":false}");
        awaitDagState(id, "SUCCEED");
    }

    @Test
    void badIdsAndBodiesGetProblemDetails() {
        ControlHttp.Response invalid = control.get("/__emulator/dags/not-an-id");
        assertProblem(invalid, 400, "Invalid ID");
        assertThat(invalid.json().path("errCode").asString()).isEqualTo("Task.GenericID.Invalid");
        ControlHttp.Response missing = control.get("/__emulator/dags/42130706433289611");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("errCode").asString()).isEqualTo("Task.NotFound");
        assertProblem(control.post("/__emulator/dags/42130706433289611/operator", null), 400,
                "The request body is empty");
        assertProblem(control.post("/__emulator/dags/42130706433289611/operator", "{}"), 400,
                "'operator' is required: RETRY, ROLLBACK, CANCEL or PASS");
        assertProblem(control.post("/__emulator/dags/42130706433289611/operator", "{\"operator\":\" \"}"), 400,
                "'operator' is required");
        assertProblem(control.post("/__emulator/dags/42130706433289611/operator", "{\"op\":\"RETRY\"}"), 400,
                "Unknown field 'op'");
        ControlHttp.Response notFound = control.post("/__emulator/dags/42130706433289611/operator",
                "{\"operator\":\"RETRY\"}");
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.json().path("errCode").asString()).isEqualTo("Task.NotFound");
    }

    @Test
    void theAgentAndTheCatalogue() {
        emulator.clearPassword();
        JsonNode agent = control.get("/__emulator/agent").json();
        assertThat(agent.path("identity").asString()).isEqualTo("SINGLE");
        assertThat(agent.path("version").asString()).isEqualTo("4.5.0.0");
        assertThat(agent.path("port").asInt()).isEqualTo(emulator.port());
        assertThat(agent.path("security").asBoolean()).isFalse();
        assertThat(agent.path("maintenance").path("held").asBoolean()).isFalse();
        assertThat(agent.path("maintenance").path("holder").isNull()).isTrue();
        emulator.withPassword();
        assertThat(control.get("/__emulator/agent").json().path("security").asBoolean()).isTrue();

        JsonNode catalog = control.get("/__emulator/catalog").json();
        assertThat(catalog.valueStream().map(dag -> dag.path("name").asString())).contains("Upgrade obproxy");
        JsonNode upgrade = catalog.valueStream().filter(dag -> dag.path("name").asString().equals("Upgrade obproxy"))
                .findFirst().orElseThrow();
        assertThat(upgrade.path("tasks")).hasSize(10);
        assertThat(upgrade.path("tasks").get(7).path("stage").asInt()).isEqualTo(8);
        assertThat(upgrade.path("tasks").get(7).path("name").asString()).isEqualTo("Hot restart obproxy");
        assertThat(upgrade.path("tasks").get(9).path("canRollback").asBoolean()).isFalse();
    }

    private void assertRefusedAsObshellRefuses(String id, String operator, int status, String errCode) {
        ControlHttp.Response refused = control.post("/__emulator/dags/" + id + "/operator",
                "{\"operator\":\"" + operator + "\"}");
        ObshellClient.Response obshell = client.post("/api/v1/task/dag/" + id, "{\"operator\":\"" + operator + "\"}");
        assertThat(obshell.status()).as(obshell.body()).isEqualTo(status);
        assertProblem(refused, status, obshell.json().path("error").path("message").asString());
        assertThat(refused.json().path("detail").asString())
                .isEqualTo(obshell.json().path("error").path("message").asString());
        assertThat(refused.json().path("errCode").asString()).isEqualTo(errCode)
                .isEqualTo(obshell.json().path("error").path("errCode").asString());
    }

    private void arm(String rule) {
        ControlHttp.Response armed = control.post("/__emulator/faults", rule);
        assertThat(armed.status()).as(armed.body()).isEqualTo(201);
    }

    private String upgrade(String version) {
        ObshellClient.Response created = client.post(UPGRADE, "{\"version\":\"" + version + "\",\"release\":\"5.el7\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return created.data().path("id").asString();
    }

    private void awaitDagState(String id, String state) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> state.equals(control.get("/__emulator/dags/" + id).json().path("dag").path("state")
                        .asString()));
    }
}
