package io.obshell.emulator.task;

import static io.obshell.emulator.EnvelopeAssert.assertEnvelope;
import static io.obshell.emulator.task.DagHttp.logs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.Sandbox;
import io.obshell.emulator.agent.AgentIdentity;
import io.obshell.emulator.api.GoTime;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.obproxy.ManagedObproxy;
import io.obshell.emulator.pkg.PackageStore;
import io.obshell.emulator.pkg.TestRpms;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The "Upgrade obproxy" DAG end to end over real HTTP: creation, the runner, failures, every
 * operator where obshell allows and refuses it, and the lock (dag-engine.md §2, §4, §5).
 */
@EmulatorHttpTest
class UpgradeDagTest {

    private static final String UPGRADE_BODY = "{\"version\":\"4.3.3.0\",\"release\":\"5.el7\",\"upgrade_dir\":\"\"}";
    private static final byte[] NEW_BINARY = "obproxy 4.3.3.0-5 from the package\n".getBytes();

    @Autowired
    EmulatorTestClient emulator;
    @Autowired
    TaskStore store;
    @Autowired
    MaintenanceLock lock;
    @Autowired
    Pacing pacing;
    @Autowired
    DagRunner runner;
    @Autowired
    PackageStore packages;
    @Autowired
    ManagedObproxy obproxy;
    @Autowired
    Sandbox sandbox;
    @Autowired
    AgentIdentity agent;
    @Autowired
    JsonMapper json;
    @Autowired
    Clock clock;

    @TempDir
    Path dir;

    ObshellClient client;
    DagHttp dags;

    @BeforeEach
    void aManagedObproxyWithAnUploadedPackage() {
        emulator.emulatorControl().stageDelay(Duration.ZERO);
        client = emulator.withPassword();
        dags = new DagHttp(client);
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").binary(NEW_BINARY).build(dir);
        assertThat(client.upload("/api/v1/obproxy/package", rpm.getFileName().toString(), rpm).status())
                .isEqualTo(200);
    }

    // dag-engine.md §1.7: the answer to the POST; then §2.3 to SUCCEED.
    @Test
    void anUpgradeRunsAllTenStagesToSucceed() throws Exception {
        JsonNode created = assertEnvelope(client.post("/api/v1/obproxy/upgrade", UPGRADE_BODY)).isSuccess().data();
        assertThat(created.path("name").asString()).isEqualTo("Upgrade obproxy");
        assertThat(created.path("state").asString()).isEqualTo("READY");
        assertThat(created.path("operator").asString()).isEqualTo("RUN");
        assertThat(created.path("stage").asInt()).isEqualTo(1);
        assertThat(created.path("max_stage").asInt()).isEqualTo(10);
        assertThat(created.path("maintenance_type").asInt()).isEqualTo(4);
        assertThat(created.path("start_time").asString()).isEqualTo(created.path("end_time").asString());
        assertThat(created.get("nodes").isNull()).isTrue();
        assertThat(created.get("additional_data").isNull()).isTrue();
        String id = created.path("id").asString();
        assertThat(id).startsWith("4").isEqualTo(GenericIdCodec.encodeObproxy(agent.ip(), agent.port(),
                created.path("dag_id").asLong()));

        JsonNode dag = dags.awaitState(id, "SUCCEED");
        assertThat(dag.path("operator").asString()).isEqualTo("RUN");
        assertThat(dag.path("stage").asInt()).isEqualTo(10);
        for (JsonNode node : dag.get("nodes")) {
            assertThat(node.path("state").asString()).isEqualTo("SUCCEED");
            JsonNode task = node.get("sub_tasks").get(0);
            assertThat(task.path("state").asString()).isEqualTo("SUCCEED");
            assertThat(task.path("execute_times").asInt()).isEqualTo(1);
            assertThat(task.get("task_logs").isArray()).isTrue();
        }
        String upgradeDir = logs(dag, 1).get(0).substring("Upgrade dir is ".length());
        assertThat(upgradeDir).matches("/home/admin/obproxy/obproxy-upgrade-dir-\\d+");
        assertThat(logs(dag, 1)).containsExactly("Upgrade dir is " + upgradeDir, "Mkdir " + upgradeDir + " ");
        assertThat(logs(dag, 2)).last().isEqualTo(
                "Downloaded pkg 'obproxy-ce' to '" + upgradeDir + "/x86_64/4.3.3.0/obproxy-ce.rpm'");
        assertThat(logs(dag, 3)).containsExactly("obproxy-ce package is checked successfully.");
        assertThat(logs(dag, 8)).containsExactly("set proxy_local_cmd to 2");
        assertThat(logs(dag, 10)).containsExactly("remove upgrade dir", "remove upgrade check dir finished");

        // The effects: new version and binary, upgrade dir gone, lock free.
        assertThat(obproxy.get().version()).isEqualTo("4.3.3.0-5");
        assertThat(Files.readAllBytes(obproxy.home().resolve("bin/obproxy"))).isEqualTo(NEW_BINARY);
        assertThat(Files.exists(obproxy.home().resolve("etc/proxyconfig_v1.db"))).isTrue();
        assertThat(Files.exists(sandbox.resolve(upgradeDir))).isFalse();
        assertThat(lock.held()).isFalse();
        assertEnvelope(client.get("/api/v1/task/dag/agent/unfinish")).isSuccess();
        assertThat(client.get("/api/v1/task/dag/agent/unfinish").data().get("contents")).isEmpty();
    }

    @Test
    void manySimultaneousUpgradesCreateExactlyOneDag() throws Exception {
        pacing.setPaused(true);
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<ObshellClient.Response>> calls = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                calls.add(() -> client.post("/api/v1/obproxy/upgrade", UPGRADE_BODY));
            }
            List<ObshellClient.Response> responses = new ArrayList<>();
            for (Future<ObshellClient.Response> future : pool.invokeAll(calls)) {
                responses.add(future.get());
            }
            assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(1);
            for (ObshellClient.Response refused : responses.stream().filter(r -> r.status() != 200).toList()) {
                assertEnvelope(refused).isHandlerError(500, "Agent.UnderMaintenance", null,
                        "Create task 'Upgrade obproxy' failed: " + agent.ip() + ":" + agent.port()
                                + " is under maintenance").hasNullData();
            }
            assertThat(store.dags()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    // §2.4: a failure stops the DAG at the failed node; nothing retries by itself; the lock stays.
    @Test
    void aFailingStageStopsTheDagAndKeepsTheLock() throws Exception {
        String id = upgradeFailingAtStageOne();
        JsonNode dag = dags.dag(id);
        assertThat(dag.path("stage").asInt()).isEqualTo(1);
        JsonNode node = dag.get("nodes").get(0);
        assertThat(node.path("state").asString()).isEqualTo("FAILED");
        assertThat(dag.get("nodes").get(1).path("state").asString()).isEqualTo("PENDING");
        List<String> logs = logs(dag, 1);
        assertThat(logs).last().asString().startsWith("ERROR: [Common.DirNotEmpty]: Directory '")
                .endsWith("' is not empty");
        assertThat(lock.held()).isTrue();
        assertThat(client.get("/api/v1/task/dag/agent/unfinish").data().get("contents")).hasSize(1);
        assertEnvelope(client.post("/api/v1/obproxy/upgrade", UPGRADE_BODY)).isHandlerError(500,
                "Agent.UnderMaintenance", null, "Create task 'Upgrade obproxy' failed: " + agent.address()
                        + " is under maintenance");
    }

    @Test
    void retryRollsTheFailedTaskBackRunsItAgainAndFinishes() throws Exception {
        String id = upgradeFailingAtStageOne();
        unblockUpgradeDir(id);

        assertEnvelope(dags.operate(id, "retry")).isSuccess().hasNoDataKey();
        assertThat(dags.dag(id).path("state").asString()).isNotEqualTo("FAILED");

        JsonNode dag = dags.awaitState(id, "SUCCEED");
        assertThat(dag.path("operator").asString()).isEqualTo("RUN");
        JsonNode first = dag.get("nodes").get(0);
        assertThat(first.path("operator").asString()).isEqualTo("RETRY");
        assertThat(first.get("sub_tasks").get(0).path("execute_times").asInt()).isEqualTo(3);
        assertThat(logs(dag, 1)).contains("Rolling back...");
        assertThat(lock.held()).isFalse();
        assertThat(obproxy.get().version()).isEqualTo("4.3.3.0-5");
    }

    @Test
    void rollbackFromStageOneEndsSucceedRollbackAndFreesTheLock() throws Exception {
        String id = upgradeFailingAtStageOne();
        assertEnvelope(dags.operate(id, "ROLLBACK")).isSuccess();
        JsonNode dag = dags.awaitState(id, "SUCCEED");
        assertThat(dag.path("operator").asString()).isEqualTo("ROLLBACK");
        assertThat(dag.path("stage").asInt()).isEqualTo(1);
        JsonNode task = dag.get("nodes").get(0).get("sub_tasks").get(0);
        assertThat(task.path("execute_times").asInt()).isEqualTo(2);
        assertThat(lock.held()).isFalse();
        assertThat(obproxy.get().version()).isEqualTo("4.3.2.0-26");
    }

    @Test
    void aFailedDagCannotBeCancelledAndStageOneCannotBePassed() throws Exception {
        String id = upgradeFailingAtStageOne();
        assertEnvelope(dags.operate(id, "CANCEL")).isMiddlewareError(400, "Task.Dag.Operator.CancelFinishedDag", null,
                "Failed to cancel DAG: DAG is finished").hasNoDataKey();
        assertEnvelope(dags.operate(id, "PASS")).isMiddlewareError(400, "Task.Dag.Operator.PassNotAllowed", null,
                "Failed to pass DAG: node Download obproxy pkg from sqlite cannot pass");
        assertEnvelope(dags.operate(id, "RUN")).isMiddlewareError(400, "Task.Dag.Operator.NotSupport", null,
                "Operator RUN is not supported");
        assertEnvelope(dags.operate(id, "Jump")).isMiddlewareError(400, "Task.Dag.Operator.NotSupport", null,
                "Operator Jump is not supported");
        assertEnvelope(client.post("/api/v1/task/dag/" + id, "{}")).isMiddlewareError(400,
                "Common.BindJsonFailed", null, "Bind JSON failed: Key: 'DagOperator.Operator' "
                        + "Error:Field validation for 'Operator' failed on the 'required' tag");
        assertThat(dags.dag(id).path("state").asString()).isEqualTo("FAILED");
    }

    // §2.5 node PASS: the failed node is passed, the DAG resumes at the next stage.
    @Test
    void passingTheFailedFirstNodeResumesAtStageTwo() throws Exception {
        String id = upgradeFailingAtStageOne();
        String nodeId = dags.dag(id).get("nodes").get(0).path("id").asString();
        assertEnvelope(client.post("/api/v1/task/node/" + nodeId, "{\"operator\":\"retry\"}")).isMiddlewareError(
                400, "Task.Node.Operator.NotSupport", null, "Operator retry is not supported");
        unblockUpgradeDir(id);
        assertEnvelope(client.post("/api/v1/task/node/" + nodeId, "{\"operator\":\"pass\"}")).isSuccess();
        JsonNode dag = dags.awaitState(id, "SUCCEED");
        JsonNode first = dag.get("nodes").get(0);
        assertThat(first.path("state").asString()).isEqualTo("SUCCEED");
        assertThat(first.path("operator").asString()).isEqualTo("PASS");
        assertThat(dag.path("operator").asString()).isEqualTo("RUN");
    }

    // §2.5 CANCEL: DAG READY/CANCEL with ZERO_TIME at once; a sub_task still PENDING is left PENDING
    // (obshell's cancelHandler only fails READY and RUNNING ones), yet node and DAG end FAILED/CANCEL.
    @Test
    void cancelBeforeTheFirstTaskIsReadyLeavesItPending() throws Exception {
        pacing.setPaused(true);
        String id = client.post("/api/v1/obproxy/upgrade", UPGRADE_BODY).data().path("id").asString();
        assertEnvelope(dags.operate(id, "cancel")).isSuccess();
        JsonNode cancelled = dags.dag(id);
        assertThat(cancelled.path("state").asString()).isEqualTo("READY");
        assertThat(cancelled.path("operator").asString()).isEqualTo("CANCEL");
        String zeroTime = GoTime.format(Instant.EPOCH, clock);
        assertThat(cancelled.path("start_time").asString()).isEqualTo(zeroTime);
        assertThat(cancelled.path("end_time").asString()).isEqualTo(zeroTime);
        JsonNode pendingNode = cancelled.get("nodes").get(0);
        assertThat(pendingNode.path("state").asString()).isEqualTo("PENDING");
        assertThat(pendingNode.path("operator").asString()).isEqualTo("CANCEL");
        assertThat(pendingNode.path("start_time").asString()).isEqualTo(zeroTime);
        assertThat(pendingNode.path("end_time").asString()).isEqualTo(zeroTime);

        pacing.setPaused(false);
        JsonNode dag = dags.awaitState(id, "FAILED");
        assertThat(dag.path("operator").asString()).isEqualTo("CANCEL");
        assertThat(dag.path("stage").asInt()).isEqualTo(1);
        JsonNode node = dag.get("nodes").get(0);
        assertThat(node.path("state").asString()).isEqualTo("FAILED");
        assertThat(node.path("operator").asString()).isEqualTo("CANCEL");
        JsonNode task = node.get("sub_tasks").get(0);
        assertThat(task.path("state").asString()).isEqualTo("PENDING");
        assertThat(task.path("operator").asString()).isEqualTo("RUN");
        assertThat(task.path("execute_times").asInt()).isZero();
        assertThat(task.get("task_logs").isNull()).isTrue();
        assertThat(lock.held()).isTrue();
    }

    // §2.5 CANCEL: a RUNNING sub_task fails with obshell's engine line; its operator stays RUN.
    @Test
    void cancelWhileTheFirstTaskRunsFailsItWithTheEngineLogLine() throws Exception {
        pacing.taskDelays(Map.of("Create upgrade dir", Duration.ofSeconds(30)));
        String id = client.post("/api/v1/obproxy/upgrade", UPGRADE_BODY).data().path("id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> "RUNNING".equals(
                dags.dag(id).get("nodes").get(0).get("sub_tasks").get(0).path("state").asString()));
        assertEnvelope(dags.operate(id, "CANCEL")).isSuccess();
        JsonNode dag = dags.awaitState(id, "FAILED");
        assertThat(dag.path("operator").asString()).isEqualTo("CANCEL");
        JsonNode node = dag.get("nodes").get(0);
        assertThat(node.path("state").asString()).isEqualTo("FAILED");
        assertThat(node.path("operator").asString()).isEqualTo("CANCEL");
        JsonNode task = node.get("sub_tasks").get(0);
        assertThat(task.path("state").asString()).isEqualTo("FAILED");
        assertThat(task.path("operator").asString()).isEqualTo("RUN");
        assertThat(task.path("execute_times").asInt()).isEqualTo(1);
        assertThat(logs(dag, 1)).last().isEqualTo("sub task cancelled");
        assertThat(lock.held()).isTrue();
    }

    @Test
    void cancelPastStageOneIsRefused() throws Exception {
        pacing.taskDelays(Map.of("Download obproxy pkg from sqlite", Duration.ofSeconds(30)));
        String id = client.post("/api/v1/obproxy/upgrade", UPGRADE_BODY).data().path("id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> dags.dag(id).path("stage").asInt() == 2);
        assertEnvelope(dags.operate(id, "CANCEL")).isMiddlewareError(400, "Task.Dag.Operator.CancelNotAllowed", null,
                "Failed to cancel DAG: node Download obproxy pkg from sqlite cannot cancel");
        assertEnvelope(dags.operate(id, "RETRY")).isMiddlewareError(400, "Task.Dag.Operator.RetryNotFailedDag", null,
                "Failed to set DAG retry: DAG state is not failed");
        assertEnvelope(dags.operate(id, "ROLLBACK")).isMiddlewareError(400, "Task.Dag.Operator.RollbackNotFailedDag",
                null, "Failed to set DAG rollback: DAG state is not failed");
        assertEnvelope(dags.operate(id, "PASS")).isMiddlewareError(400, "Task.Dag.Operator.PassNotFailedDag", null,
                "Failed to pass DAG: DAG is not failed");
    }

    @Test
    void aMissingPackageFailsStageTwoWhichCanBeRolledBackButNotPassed() throws Exception {
        pacing.setPaused(true);
        String id = client.post("/api/v1/obproxy/upgrade", UPGRADE_BODY).data().path("id").asString();
        packages.deleteAll();
        pacing.setPaused(false);
        JsonNode dag = dags.awaitState(id, "FAILED");
        assertThat(dag.path("stage").asInt()).isEqualTo(2);
        // obshell's DAG returns the lookup's gorm error as is (package.go getAllRequiredPkgs).
        assertThat(logs(dag, 2)).last().isEqualTo("ERROR: [Common.Unexpected]: Unexpected error: record not found");
        String nodeId = dag.get("nodes").get(1).path("id").asString();
        assertEnvelope(client.post("/api/v1/task/node/" + nodeId, "{\"operator\":\"PASS\"}")).isMiddlewareError(400,
                "Task.Node.Operator.PassNotAllowed", null,
                "Failed to pass node: node Download obproxy pkg from sqlite cannot pass");

        assertEnvelope(dags.operate(id, "ROLLBACK")).isSuccess();
        JsonNode rolledBack = dags.awaitState(id, "SUCCEED");
        assertThat(rolledBack.path("operator").asString()).isEqualTo("ROLLBACK");
        assertThat(rolledBack.path("stage").asInt()).isEqualTo(1);
        for (int stage = 1; stage <= 2; stage++) {
            JsonNode node = rolledBack.get("nodes").get(stage - 1);
            assertThat(node.path("state").asString()).isEqualTo("SUCCEED");
            assertThat(node.path("operator").asString()).isEqualTo("ROLLBACK");
        }
        assertThat(rolledBack.get("nodes").get(2).path("state").asString()).isEqualTo("PENDING");
        assertThat(logs(rolledBack, 2)).contains("Delete all previously downloaded packages.", "Successfully deleted.");
        assertThat(lock.held()).isFalse();
        String upgradeDir = logs(rolledBack, 1).get(0).substring("Upgrade dir is ".length());
        assertThat(Files.exists(sandbox.resolve(upgradeDir))).isFalse();
    }

    /** Makes stage 1 fail for real: the DAG's upgrade dir exists and is not empty. */
    private String upgradeFailingAtStageOne() throws Exception {
        pacing.setPaused(true);
        String id = client.post("/api/v1/obproxy/upgrade", UPGRADE_BODY).data().path("id").asString();
        Files.createDirectories(upgradeDir(id));
        Files.writeString(upgradeDir(id).resolve("left-behind"), "x");
        pacing.setPaused(false);
        dags.awaitState(id, "FAILED");
        return id;
    }

    private void unblockUpgradeDir(String id) throws Exception {
        Files.delete(upgradeDir(id).resolve("left-behind"));
    }

    private Path upgradeDir(String id) {
        Dag row = store.dag(GenericIdCodec.decode(id).rowId()).orElseThrow();
        String dir = json.readTree(row.context()).path("Params").path("upgradeDir").asString();
        return sandbox.resolve(dir);
    }

}
