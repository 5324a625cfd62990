package io.obshell.emulator.task;

import static io.obshell.emulator.EnvelopeAssert.assertEnvelope;
import static io.obshell.emulator.task.DagHttp.logs;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.obshell.emulator.ControlHttp;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.obproxy.ManagedObproxy;
import io.obshell.emulator.pkg.TestRpms;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Operators on DAGs failed at later stages through faults armed with the control API
 * (dag-engine.md §2.5, §5.2 "What this allows"): PASS from stage 3 on, ROLLBACK refused at
 * stage 10, a full rollback that restores the ODP and the sandbox, a failing rollback resumed.
 */
@EmulatorHttpTest
class OperatorsAfterFaultsTest {

    private static final String UPGRADE_BODY = "{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}";
    private static final byte[] NEW_BINARY = "obproxy 4.3.3.0-5\n".getBytes(StandardCharsets.UTF_8);

    @Autowired
    EmulatorTestClient emulator;
    @Autowired
    ManagedObproxy obproxy;

    @TempDir
    Path dir;

    ObshellClient client;
    DagHttp dags;

    @BeforeEach
    void freshEmulatorWithAPackage() {
        emulator.emulatorControl().stageDelay(Duration.ZERO);
        client = emulator.withPassword();
        dags = new DagHttp(client);
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").binary(NEW_BINARY).build(dir);
        assertThat(client.upload("/api/v1/obproxy/package", "p.rpm", rpm).status()).isEqualTo(200);
    }

    @Test
    void passFromStageNineSucceedsAtOnceWithoutRunningTheRest() {
        arm("{\"task\":\"Wait hot restart obproxy finish\",\"times\":1}");
        String id = upgradeUntil("FAILED");
        JsonNode failed = dags.dag(id);
        assertThat(failed.path("stage").asInt()).isEqualTo(9);
        assertThat(logs(failed, 9)).last().asString().startsWith("ERROR: [OBProxy.HotRestartTimeout]: ");

        assertEnvelope(dags.operate(id, "PASS")).isSuccess().hasNoDataKey();
        JsonNode dag = dags.dag(id);
        assertThat(dag.path("state").asString()).isEqualTo("SUCCEED");
        assertThat(dag.path("operator").asString()).isEqualTo("PASS");
        assertThat(dag.path("stage").asInt()).isEqualTo(9);
        for (int stage = 9; stage <= 10; stage++) {
            JsonNode node = dag.get("nodes").get(stage - 1);
            assertThat(node.path("state").asString()).isEqualTo("SUCCEED");
            assertThat(node.path("operator").asString()).isEqualTo("PASS");
            assertThat(node.get("sub_tasks").get(0).path("operator").asString()).isEqualTo("PASS");
        }
        assertThat(logs(dag, 10)).isEmpty();
        assertThat(client.get("/api/v1/task/dag/agent/unfinish").data().get("contents")).isEmpty();
        // The lock is free again: a further upgrade gets past it (to the version check).
        assertEnvelope(client.post("/api/v1/obproxy/upgrade", UPGRADE_BODY)).isHandlerError(400,
                "OBProxy.UpgradeToLowerVersion", null, "Target version 4.3.3.0-5 is not greater than current "
                        + "version 4.3.3.0-5. Please verify if the parameters have been filled out correctly");
    }

    @Test
    void rollbackIsRefusedAtStageTenAndRetryFinishes() {
        arm("{\"task\":\"Remove upgrade dir\",\"times\":1}");
        String id = upgradeUntil("FAILED");
        assertThat(dags.dag(id).path("stage").asInt()).isEqualTo(10);
        assertEnvelope(dags.operate(id, "ROLLBACK")).isMiddlewareError(400, "Task.Dag.Operator.RollbackNotAllowed", null,
                "Failed to set DAG rollback: node Remove upgrade dir cannot rollback");

        assertEnvelope(dags.operate(id, "RETRY")).isSuccess();
        JsonNode dag = dags.awaitState(id, "SUCCEED");
        assertThat(dag.path("operator").asString()).isEqualTo("RUN");
        assertThat(dag.get("nodes").get(9).get("sub_tasks").get(0).path("execute_times").asInt()).isEqualTo(3);
    }

    @Test
    void rollbackFromStageNinePutsTheOdpAndTheSandboxBack() throws Exception {
        byte[] oldBinary = Files.readAllBytes(obproxy.home().resolve("bin/obproxy"));
        long oldPid = obproxy.get().pid();
        arm("{\"task\":\"Wait hot restart obproxy finish\"}");
        String id = upgradeUntil("FAILED");
        assertThat(obproxy.get().version()).isEqualTo("4.3.3.0-5");
        assertThat(Files.readAllBytes(obproxy.home().resolve("bin/obproxy"))).isEqualTo(NEW_BINARY);

        assertEnvelope(dags.operate(id, "rollback")).isSuccess();
        JsonNode dag = dags.awaitState(id, "SUCCEED");
        assertThat(dag.path("operator").asString()).isEqualTo("ROLLBACK");
        assertThat(dag.path("stage").asInt()).isEqualTo(1);
        for (int stage = 1; stage <= 9; stage++) {
            JsonNode node = dag.get("nodes").get(stage - 1);
            assertThat(node.path("state").asString()).as("node %d", stage).isEqualTo("SUCCEED");
            assertThat(node.path("operator").asString()).isEqualTo("ROLLBACK");
            assertThat(node.get("sub_tasks").get(0).path("execute_times").asInt()).isEqualTo(2);
        }
        assertThat(dag.get("nodes").get(9).path("state").asString()).isEqualTo("PENDING");
        assertThat(logs(dag, 5)).contains("uninstall new obproxy");

        assertThat(obproxy.get().version()).isEqualTo("4.3.2.0-26");
        assertThat(obproxy.get().pid()).isEqualTo(oldPid);
        assertThat(Files.readAllBytes(obproxy.home().resolve("bin/obproxy"))).isEqualTo(oldBinary);
        assertThat(Files.exists(obproxy.home().resolve("etc/proxyconfig_v1.db"))).isFalse();
        try (var entries = Files.list(obproxy.home())) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("bin", "etc", "lib", "run");
        }
        assertThat(client.get("/api/v1/task/dag/agent/unfinish").data().get("contents")).isEmpty();
    }

    @Test
    void aFailingRollbackStopsAndASecondRollbackFinishesIt() {
        arm("{\"task\":\"Hot restart obproxy\"}");
        arm("{\"task\":\"Backup for upgrade\",\"phase\":\"rollback\",\"times\":1,\"errCode\":\"Common.Unexpected\","
                + "\"message\":\"disk gone\"}");
        String id = upgradeUntil("FAILED");
        assertThat(dags.dag(id).path("stage").asInt()).isEqualTo(8);

        assertEnvelope(dags.operate(id, "ROLLBACK")).isSuccess();
        JsonNode stuck = dags.awaitState(id, "FAILED");
        assertThat(stuck.path("operator").asString()).isEqualTo("ROLLBACK");
        assertThat(stuck.path("stage").asInt()).isEqualTo(4);
        assertThat(logs(stuck, 4)).last().isEqualTo("ERROR: [Common.Unexpected]: disk gone");
        assertThat(stuck.get("nodes").get(4).path("state").asString()).isEqualTo("SUCCEED");

        assertEnvelope(dags.operate(id, "ROLLBACK")).isSuccess();
        JsonNode dag = dags.awaitState(id, "SUCCEED");
        assertThat(dag.path("operator").asString()).isEqualTo("ROLLBACK");
        assertThat(dag.path("stage").asInt()).isEqualTo(1);
        assertThat(obproxy.get().version()).isEqualTo("4.3.2.0-26");
    }

    // §2.5 PASS: from the failed node to the last one every node becomes SUCCEED/PASS, also those
    // a rollback already finished; only sub_tasks not yet SUCCEED change.
    @Test
    void passAfterARollbackFailedAtStageOnePassesEveryNodeFromTheFailedOneOn() {
        arm("{\"task\":\"Backup for upgrade\",\"times\":1}");
        arm("{\"task\":\"Create upgrade dir\",\"phase\":\"rollback\",\"times\":1}");
        String id = upgradeUntil("FAILED");
        assertThat(dags.dag(id).path("stage").asInt()).isEqualTo(4);
        assertEnvelope(dags.operate(id, "ROLLBACK")).isSuccess();
        JsonNode stuck = dags.awaitState(id, "FAILED");
        assertThat(stuck.path("operator").asString()).isEqualTo("ROLLBACK");
        assertThat(stuck.path("stage").asInt()).isEqualTo(1);
        assertThat(stuck.get("nodes").get(1).path("operator").asString()).isEqualTo("ROLLBACK");

        assertEnvelope(dags.operate(id, "PASS")).isSuccess();
        JsonNode dag = dags.dag(id);
        assertThat(dag.path("state").asString()).isEqualTo("SUCCEED");
        assertThat(dag.path("operator").asString()).isEqualTo("PASS");
        assertThat(dag.path("stage").asInt()).isEqualTo(1);
        for (int stage = 1; stage <= 10; stage++) {
            JsonNode node = dag.get("nodes").get(stage - 1);
            assertThat(node.path("state").asString()).as("node %d", stage).isEqualTo("SUCCEED");
            assertThat(node.path("operator").asString()).as("node %d", stage).isEqualTo("PASS");
            String taskOperator = stage >= 2 && stage <= 4 ? "ROLLBACK" : "PASS";
            assertThat(node.get("sub_tasks").get(0).path("operator").asString()).as("sub_task %d", stage)
                    .isEqualTo(taskOperator);
        }
        assertThat(client.get("/api/v1/task/dag/agent/unfinish").data().get("contents")).isEmpty();
    }

    @Test
    void passingAFailedMiddleNodeResumesWithTheNextStage() {
        arm("{\"task\":\"Reinstall obproxy bin\",\"times\":1}");
        String id = upgradeUntil("FAILED");
        JsonNode failed = dags.dag(id);
        assertThat(failed.path("stage").asInt()).isEqualTo(5);
        String nodeId = failed.get("nodes").get(4).path("id").asString();

        assertEnvelope(client.post("/api/v1/task/node/" + nodeId, "{\"operator\":\"PASS\"}")).isSuccess();
        JsonNode dag = dags.awaitState(id, "SUCCEED");
        assertThat(dag.path("operator").asString()).isEqualTo("RUN");
        assertThat(dag.get("nodes").get(4).path("operator").asString()).isEqualTo("PASS");
        assertThat(dag.get("nodes").get(5).path("state").asString()).isEqualTo("SUCCEED");
    }

    private void arm(String rule) {
        ControlHttp.Response armed = emulator.control().post("/__emulator/faults", rule);
        assertThat(armed.status()).as(armed.body()).isEqualTo(201);
    }

    private String upgradeUntil(String state) {
        ObshellClient.Response created = client.post("/api/v1/obproxy/upgrade", UPGRADE_BODY);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String id = created.data().path("id").asString();
        dags.awaitState(id, state);
        return id;
    }

}
