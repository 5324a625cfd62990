package io.obshell.emulator.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import io.obshell.emulator.ControlHttp;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.obproxy.UpgradeObproxyDag;
import io.obshell.emulator.task.DagFactory;
import io.obshell.emulator.task.MaintenanceLock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Faults armed through the control API fire inside the real runner and take the real failure
 * path (dag-engine.md §2.4): FAILED sub_task, node and DAG, the {@code ERROR: [errCode]: message}
 * log line, the maintenance lock kept, operators working on the result. DAGs are created with
 * DagFactory, as the upgrade route would after its checks; nothing is uploaded, so stage 2
 * always fails on its own, which some tests use as the "stage 1 passed" outcome.
 */
@EmulatorHttpTest
class FaultFiringTest {

    static final String UPGRADE_DIR = "/home/admin/obproxy/obproxy-upgrade-dir-1";

    @Autowired
    EmulatorTestClient emulator;
    @Autowired
    DagFactory dags;
    @Autowired
    UpgradeObproxyDag upgrade;
    @Autowired
    MaintenanceLock lock;
    @Autowired
    JsonMapper json;

    ControlHttp control;
    ObshellClient client;

    @BeforeEach
    void start() {
        control = emulator.control();
        client = emulator.withPassword();
        emulator.emulatorControl().stageDelay(Duration.ZERO);
    }

    @Test
    void armedFaultFailsTheSubTaskWithItsErrCodeInTheErrorLogLine() {
        arm("{\"task\": \"Create upgrade dir\", \"times\": 1, \"errCode\": \"OBProxy.Made.Up\", \"message\": \"disk on fire\"}");

        String id = createUpgrade("4.3.3.2");
        JsonNode dag = awaitState(id, "FAILED");

        assertThat(dag.path("stage").asInt()).isEqualTo(1);
        JsonNode node = dag.path("nodes").get(0);
        assertThat(node.path("state").asString()).isEqualTo("FAILED");
        JsonNode task = node.path("sub_tasks").get(0);
        assertThat(task.path("state").asString()).isEqualTo("FAILED");
        assertThat(logs(task)).last().isEqualTo("ERROR: [OBProxy.Made.Up]: disk on fire");
        assertThat(lock.held()).as("a failed maintenance DAG keeps the lock").isTrue();
        JsonNode rule = control.get("/__emulator/faults").json().get(0);
        assertThat(rule.path("fired").asInt()).isEqualTo(1);
        assertThat(rule.path("remaining").asInt()).isZero();
    }

    @Test
    void defaultMessageIsFilledFromTheDagsParams() {
        arm("{\"task\": \"Create upgrade dir\"}");

        JsonNode dag = awaitState(createUpgrade("4.3.3.2"), "FAILED");

        assertThat(logs(dag.path("nodes").get(0).path("sub_tasks").get(0))).last()
                .isEqualTo("ERROR: [Common.DirNotEmpty]: Directory '" + UPGRADE_DIR + "' is not empty");
    }

    @Test
    void ruleForAnotherTargetVersionDoesNotFire() {
        arm("{\"task\": \"Create upgrade dir\", \"version\": \"4.3.9.9\"}");

        JsonNode dag = awaitState(createUpgrade("4.3.3.2"), "FAILED");

        // Stage 1 ran; stage 2 failed on its own, as nothing was uploaded.
        assertThat(dag.path("stage").asInt()).isEqualTo(2);
        assertThat(dag.path("nodes").get(0).path("state").asString()).isEqualTo("SUCCEED");
        assertThat(logs(dag.path("nodes").get(0).path("sub_tasks").get(0))).noneMatch(line -> line.startsWith("ERROR"));
        assertThat(control.get("/__emulator/faults").json().get(0).path("fired").asInt()).isZero();
    }

    @Test
    void ruleForTheTargetVersionWithItsBuildFires() {
        arm("{\"task\": \"Create upgrade dir\", \"version\": \"4.3.3.2-5\"}");

        JsonNode dag = awaitState(createUpgrade("4.3.3.2"), "FAILED");

        assertThat(dag.path("stage").asInt()).isEqualTo(1);
    }

    @Test
    void retryAfterAOneTimeFaultRunsTheTaskAgainAndItSucceeds() {
        arm("{\"task\": \"Create upgrade dir\", \"times\": 1}");
        String id = createUpgrade("4.3.3.2");
        awaitState(id, "FAILED");

        operate(id, "RETRY");

        JsonNode dag = await().atMost(Duration.ofSeconds(20)).until(() -> dag(id),
                d -> d.path("state").asString().equals("FAILED") && d.path("stage").asInt() == 2);
        JsonNode first = dag.path("nodes").get(0);
        assertThat(first.path("state").asString()).isEqualTo("SUCCEED");
        assertThat(first.path("sub_tasks").get(0).path("execute_times").asInt()).isGreaterThan(1);
    }

    @Test
    void rollbackPhaseFaultFailsTheRollback() {
        arm("{\"task\": \"Create upgrade dir\", \"times\": 1, \"errCode\": \"Common.Unexpected\", \"message\": \"first\"}");
        arm("{\"task\": \"Create upgrade dir\", \"phase\": \"rollback\", \"errCode\": \"OBProxy.Rollback.Broken\", "
                + "\"message\": \"cannot undo\"}");
        String id = createUpgrade("4.3.3.2");
        awaitState(id, "FAILED");

        operate(id, "ROLLBACK");

        JsonNode dag = await().atMost(Duration.ofSeconds(20)).until(() -> dag(id),
                d -> d.path("state").asString().equals("FAILED") && d.path("operator").asString().equals("ROLLBACK"));
        JsonNode task = dag.path("nodes").get(0).path("sub_tasks").get(0);
        assertThat(task.path("state").asString()).isEqualTo("FAILED");
        assertThat(task.path("operator").asString()).isEqualTo("ROLLBACK");
        assertThat(logs(task)).contains("ERROR: [Common.Unexpected]: first")
                .last().isEqualTo("ERROR: [OBProxy.Rollback.Broken]: cannot undo");
        assertThat(lock.held()).isTrue();
    }

    @Test
    void configuredDagWithoutFaultsStillRunsAfterFaultsAreRemoved() {
        String ruleId = arm("{\"task\": \"Create upgrade dir\"}").path("id").asString();
        assertThat(control.delete("/__emulator/faults/" + ruleId).status()).isEqualTo(204);

        JsonNode dag = awaitState(createUpgrade("4.3.3.2"), "FAILED");

        assertThat(dag.path("stage").asInt()).as("stage 1 passed, stage 2 has no package").isEqualTo(2);
    }

    private JsonNode arm(String rule) {
        ControlHttp.Response response = control.post("/__emulator/faults", rule);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    /** What the upgrade route hands DagFactory for "upgrade to VERSION-5.el7". */
    private String createUpgrade(String version) {
        return json.valueToTree(dags.create(upgrade,
                new UpgradeObproxyDag.Params(UPGRADE_DIR, version, "5", "el7", "5.el7"))).path("id").asString();
    }

    private JsonNode dag(String id) {
        ObshellClient.Response response = client.get("/api/v1/task/dag/" + id);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.data();
    }

    private JsonNode awaitState(String id, String state) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> dag(id), d -> d.path("state").asString().equals(state));
    }

    private void operate(String id, String operator) {
        ObshellClient.Response response = client.post("/api/v1/task/dag/" + id, "{\"operator\": \"" + operator + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    private static List<String> logs(JsonNode task) {
        return task.path("task_logs").valueStream().map(JsonNode::asString).toList();
    }
}
