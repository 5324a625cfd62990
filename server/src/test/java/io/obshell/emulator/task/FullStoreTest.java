package io.obshell.emulator.task;

import static io.obshell.emulator.EnvelopeAssert.assertEnvelope;
import static io.obshell.emulator.task.DagHttp.logs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.obshell.emulator.ControlHttp;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.FullStore;
import io.obshell.emulator.Sandbox;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.pkg.TestRpms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * F5: a full store (simulated at the JDBC boundary, {@link FullStore}) never strands a DAG
 * RUNNING with the lock: it ends FAILED with its cause, RETRY finishes it once there is room,
 * reset always works, and clients read "database or disk is full", not "Internal Server Error".
 */
@EmulatorHttpTest
@TestPropertySource(properties = "obshell.agent.password=" + EmulatorTestClient.PASSWORD)
@Import(FullStore.Boundary.class)
@Tag("reliability")
class FullStoreTest {

    private static final String UPGRADE_BODY = "{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}";
    private static final String FULL = "Unexpected error: database or disk is full";

    @Autowired
    EmulatorTestClient emulator;
    @Autowired
    MaintenanceLock lock;
    @Autowired
    Sandbox sandbox;

    @TempDir
    Path dir;

    ObshellClient client;
    DagHttp dags;
    ControlHttp control;

    @BeforeEach
    void freshEmulatorWithAPackage() {
        FullStore.makeRoom();
        control = emulator.control();
        client = emulator.withPassword();
        dags = new DagHttp(client);
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7")
                .binary("obproxy 4.3.3.0-5\n".getBytes(StandardCharsets.UTF_8)).build(dir);
        assertThat(client.upload("/api/v1/obproxy/package", "p.rpm", rpm).status()).isEqualTo(200);
        assertThat(control.put("/__emulator/pacing", "{\"stageDelay\":\"0ms\",\"paused\":true}").status())
                .isEqualTo(200);
    }

    /** Before {@link EmulatorHttpTest}'s reset, which must be able to write. */
    @AfterEach
    void makeRoom() {
        FullStore.makeRoom();
    }

    @Test
    void aTaskResultThatCannotBeRecordedEndsTheDagFailedWithItsCauseAndRetryFinishesIt() {
        String id = upgradeAndStepTo(3);
        // The case: the task ran, recording its result fails.
        FullStore.fill("UPDATE subtask_instance", "UPDATE dag_instance", "UPDATE node_instance");
        unpause();

        // Not even the failure can be recorded yet: the DAG waits, its lock held, nothing lost.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> !dags.dag(id).path("state").asString().equals("SUCCEED"));
        FullStore.makeRoom();

        JsonNode failed = dags.awaitState(id, "FAILED");
        int stage = failed.path("stage").asInt();
        assertThat(failed.get("nodes").get(stage - 1).path("state").asString()).isEqualTo("FAILED");
        assertThat(logs(failed, stage)).last().asString().isEqualTo("ERROR: [Common.Unexpected]: " + FULL);
        assertThat(lock.held()).isTrue();

        assertEnvelope(dags.operate(id, "RETRY")).isSuccess();
        assertThat(dags.awaitState(id, "SUCCEED").path("operator").asString()).isEqualTo("RUN");
        assertThat(lock.held()).isFalse();
        assertThat(control.get("/__emulator/obproxy").json().path("version").asString()).isEqualTo("4.3.3.0-5");
    }

    @Test
    void aDatabaseAtItsSizeLimitFailsTheDagAtOnceAndEveryClientReadsWhy() {
        String id = upgradeAndStepTo(4);
        FullStore.fill("INSERT");
        unpause();

        JsonNode failed = dags.awaitState(id, "FAILED");
        assertThat(failed.get("nodes").get(failed.path("stage").asInt() - 1).path("state").asString())
                .isEqualTo("FAILED");
        assertThat(lock.held()).isTrue();
        // What else a client tries while the store is full says what happened.
        Path rpm = TestRpms.obproxy("4.3.4.0").release("1.el7").build(dir.resolve("more"));
        ObshellClient.Response upload = client.upload("/api/v1/obproxy/package", "q.rpm", rpm);
        assertThat(upload.status()).isEqualTo(500);
        assertThat(upload.body()).contains("database or disk is full").doesNotContain("Internal Server Error");
        ControlHttp.Response state = control.put("/__emulator/obproxy", "{\"running\":true,\"pid\":4242}");
        assertThat(state.status()).isEqualTo(500);
        assertThat(state.json().path("detail").asString())
                .isEqualTo("The emulator cannot store its state: database or disk is full");

        FullStore.makeRoom();
        assertEnvelope(dags.operate(id, "RETRY")).isSuccess();
        dags.awaitState(id, "SUCCEED");
        assertThat(lock.held()).isFalse();
    }

    @Test
    void aFullDiskStillResetsFirstFreeingTheSandbox() throws Exception {
        String id = upgradeAndStepTo(4);
        Path ballast = Files.writeString(Files.createDirectories(sandbox.resolve("/data")).resolve("ballast"),
                "fills the disk");
        // The disk is full, for every write, until the ballast is gone.
        FullStore.fillWhile(() -> Files.exists(ballast), "INSERT", "UPDATE", "DELETE");
        unpause();
        assertEnvelope(client.post("/api/v1/obproxy/upgrade", UPGRADE_BODY)).isHandlerError(500,
                "Common.Unexpected", null, FULL);

        emulator.emulatorControl().reset();

        assertThat(ballast).doesNotExist();
        assertThat(lock.held()).isFalse();
        assertEnvelope(client.get("/api/v1/task/dag/" + id)).isError(404, "Task.NotFound", null,
                "Task not found: record not found");
    }

    private String upgradeAndStepTo(int stage) {
        ObshellClient.Response created = client.post("/api/v1/obproxy/upgrade", UPGRADE_BODY);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String id = created.data().path("id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            if (dags.dag(id).path("stage").asInt() >= stage) {
                return true;
            }
            control.post("/__emulator/pacing/step", null);
            return false;
        });
        return id;
    }

    private void unpause() {
        assertThat(control.put("/__emulator/pacing", "{\"paused\":false}").status()).isEqualTo(200);
    }
}
