package io.obshell.emulator.task;

import static io.obshell.emulator.EnvelopeAssert.assertEnvelope;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.obshell.emulator.ControlHttp;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.obproxy.UpgradeObproxyDag;
import io.obshell.emulator.pkg.TestRpms;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The upgrade failed at each of its ten stages in turn, and every operator tried on it: refused
 * where dag-engine.md §5.2 "What this allows" says so, with obshell's text, and one allowed
 * operator carried through to the end state it gives.
 */
@EmulatorHttpTest
class OperatorMatrixTest {

    private static final List<String> TASKS = List.of(UpgradeObproxyDag.CREATE_UPGRADE_DIR,
            UpgradeObproxyDag.DOWNLOAD_PKG, UpgradeObproxyDag.CHECK_PKG, UpgradeObproxyDag.BACKUP,
            UpgradeObproxyDag.REINSTALL_BIN, UpgradeObproxyDag.COPY_CONFIG_DB, UpgradeObproxyDag.RECORD_INFO,
            UpgradeObproxyDag.HOT_RESTART, UpgradeObproxyDag.WAIT_HOT_RESTART, UpgradeObproxyDag.REMOVE_UPGRADE_DIR);

    @Autowired
    EmulatorTestClient emulator;

    @TempDir
    Path dir;

    ObshellClient client;
    DagHttp dags;

    @BeforeEach
    void freshEmulatorWithAPackage() {
        emulator.emulatorControl().stageDelay(Duration.ZERO);
        client = emulator.withPassword();
        dags = new DagHttp(client);
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").build(dir);
        assertThat(client.upload("/api/v1/obproxy/package", "p.rpm", rpm).status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "failed at stage {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void operatorsOnADagFailedAtEachStage(int stage) {
        String task = TASKS.get(stage - 1);
        ControlHttp.Response armed = emulator.control().post("/__emulator/faults",
                "{\"task\":\"" + task + "\",\"times\":1}");
        assertThat(armed.status()).as(armed.body()).isEqualTo(201);
        String id = client.post("/api/v1/obproxy/upgrade", "{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}")
                .data().path("id").asString();
        JsonNode failed = dags.awaitState(id, "FAILED");
        assertThat(failed.path("stage").asInt()).isEqualTo(stage);
        String nodeId = failed.get("nodes").get(stage - 1).path("id").asString();

        // Refusals leave the DAG as it was.
        assertEnvelope(dags.operate(id, "CANCEL")).isMiddlewareError(400, "Task.Dag.Operator.CancelFinishedDag",
                null, "Failed to cancel DAG: DAG is finished");
        if (stage == 10) {
            assertEnvelope(dags.operate(id, "ROLLBACK")).isMiddlewareError(400,
                    "Task.Dag.Operator.RollbackNotAllowed", null,
                    "Failed to set DAG rollback: node Remove upgrade dir cannot rollback");
        }
        if (stage <= 2) {
            assertEnvelope(dags.operate(id, "PASS")).isMiddlewareError(400, "Task.Dag.Operator.PassNotAllowed",
                    null, "Failed to pass DAG: node Download obproxy pkg from sqlite cannot pass");
        }
        if (stage == 2) {
            assertEnvelope(client.post("/api/v1/task/node/" + nodeId, "{\"operator\":\"PASS\"}")).isMiddlewareError(
                    400, "Task.Node.Operator.PassNotAllowed", null,
                    "Failed to pass node: node Download obproxy pkg from sqlite cannot pass");
        }
        assertThat(dags.dag(id).path("state").asString()).isEqualTo("FAILED");

        // One allowed operator per run, rotating through them across the stages.
        String allowed = allowedOperator(stage);
        if (allowed.equals("NODE PASS")) {
            assertEnvelope(client.post("/api/v1/task/node/" + nodeId, "{\"operator\":\"PASS\"}")).isSuccess();
        } else {
            assertEnvelope(dags.operate(id, allowed)).isSuccess().hasNoDataKey();
        }
        assertThat(dags.dag(id).path("state").asString()).as("left FAILED before the POST answered")
                .isNotEqualTo("FAILED");
        JsonNode done = dags.awaitState(id, "SUCCEED");
        switch (allowed) {
            case "ROLLBACK" -> {
                assertThat(done.path("operator").asString()).isEqualTo("ROLLBACK");
                assertThat(done.path("stage").asInt()).isEqualTo(1);
            }
            case "PASS" -> {
                assertThat(done.path("operator").asString()).isEqualTo("PASS");
                assertThat(done.path("stage").asInt()).isEqualTo(stage);
            }
            default -> {
                assertThat(done.path("operator").asString()).isEqualTo("RUN");
                assertThat(done.path("stage").asInt()).isEqualTo(10);
            }
        }
        assertThat(client.get("/api/v1/task/dag/agent/unfinish").data().get("contents")).isEmpty();
    }

    /** RETRY is always allowed; ROLLBACK up to stage 9; PASS from stage 3; node PASS but at 2. */
    private static String allowedOperator(int stage) {
        return switch (stage % 4) {
            case 1 -> "ROLLBACK";
            case 2 -> stage == 2 ? "RETRY" : "NODE PASS";
            case 3 -> "PASS";
            default -> "RETRY";
        };
    }
}
