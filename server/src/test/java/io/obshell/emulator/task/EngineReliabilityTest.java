package io.obshell.emulator.task;

import static io.obshell.emulator.EnvelopeAssert.assertEnvelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.obshell.emulator.ControlHttp;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.Resettable;
import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;
import io.obshell.emulator.client.EmulatorControlException;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.pkg.TestRpms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 8's engine findings, each reproduced: operators racing a reset (F11), a reset that
 * fails half-way (F12), CANCEL during a ROLLBACK (F13), DAG IDs after a reset (F14).
 */
@EmulatorHttpTest
@TestPropertySource(properties = "obshell.agent.password=" + EmulatorTestClient.PASSWORD)
@Import(EngineReliabilityTest.FailingReset.class)
@Tag("reliability")
class EngineReliabilityTest {

    private static final String UPGRADE_BODY = "{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}";

    /** A store whose reset fails when armed: a crash between the reset's statements. */
    @TestConfiguration
    static class FailingReset {
        static final AtomicBoolean ARMED = new AtomicBoolean();

        @Bean
        Resettable failsBetweenTheLockAndTheOdp() {
            return new Resettable() {
                @Override
                public int resetOrder() {
                    return LOCK + 1;
                }

                @Override
                public void reset() {
                    if (ARMED.getAndSet(false)) {
                        throw new IllegalStateException("killed in the middle of the reset");
                    }
                }
            };
        }
    }

    @Autowired
    EmulatorTestClient emulator;
    @Autowired
    DagOperations operations;
    @Autowired
    TaskStore store;
    @Autowired
    MaintenanceLock lock;

    @TempDir
    Path dir;

    ObshellClient client;
    DagHttp dags;
    ControlHttp control;

    @BeforeEach
    void freshEmulatorWithAPackage() {
        control = emulator.control();
        client = emulator.withPassword();
        dags = new DagHttp(client);
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7")
                .binary("obproxy 4.3.3.0-5\n".getBytes(StandardCharsets.UTF_8)).build(dir);
        assertThat(client.upload("/api/v1/obproxy/package", "p.rpm", rpm).status()).isEqualTo(200);
    }

    /** Before {@link EmulatorHttpTest}'s reset, which an armed failure would break. */
    @AfterEach
    void disarm() {
        FailingReset.ARMED.set(false);
    }

    @Test
    void anOperatorOnADagAResetRemovedIsNotFoundNotAPanic() {
        pace("{\"paused\":true}");
        String id = upgrade();
        Dag snapshot = store.dag(GenericIdCodec.decode(id).rowId()).orElseThrow();
        emulator.emulatorControl().reset();
        emulator.withPassword();

        // The route found the DAG, then the reset removed it before the operator's transaction.
        assertThatThrownBy(() -> operations.operate(snapshot, "CANCEL")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TASK_NOT_FOUND));
        assertEnvelope(dags.operate(id, "CANCEL")).isError(404, "Task.NotFound", null,
                ErrorCode.TASK_NOT_FOUND.message("record not found"));
    }

    @Test
    void operatorsRacingResetsAnswerNotFoundOrTheirOwnAnswerNeverA500() throws Exception {
        pace("{\"paused\":true}");
        List<Integer> statuses = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < until) {
            String id = upgrade();
            Thread resetter = new Thread(() -> emulator.emulatorControl().reset());
            resetter.start();
            for (int i = 0; i < 5; i++) {
                ObshellClient.Response answer = dags.operate(id, i % 2 == 0 ? "CANCEL" : "RETRY");
                statuses.add(answer.status());
                assertThat(answer.status()).as(answer.body()).isIn(200, 400, 404);
            }
            resetter.join();
            client = emulator.withPassword();
            dags = new DagHttp(client);
            Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").build(dir.resolve("r" + statuses.size()));
            assertThat(client.upload("/api/v1/obproxy/package", "p.rpm", rpm).status()).isEqualTo(200);
            pace("{\"paused\":true}");
        }
        assertThat(statuses).isNotEmpty().doesNotContain(500);
    }

    @Test
    void dagIdsAreNeverReusedAfterAReset() {
        pace("{\"stageDelay\":\"0ms\"}");
        String first = upgrade();
        dags.awaitState(first, "SUCCEED");
        emulator.emulatorControl().reset();
        client = emulator.withPassword();
        dags = new DagHttp(client);
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").build(dir.resolve("again"));
        assertThat(client.upload("/api/v1/obproxy/package", "p.rpm", rpm).status()).isEqualTo(200);
        pace("{\"paused\":true}");

        String second = upgrade();

        assertThat(second).isNotEqualTo(first);
        assertEnvelope(client.get("/api/v1/task/dag/" + first)).isError(404, "Task.NotFound", null,
                ErrorCode.TASK_NOT_FOUND.message("record not found"));
        assertThat(dags.dag(second).path("state").asString()).isEqualTo("READY");
    }

    @Test
    void aResetThatFailsHalfWayLeavesEverythingAsBeforeAndTheNextOneWorks() {
        pace("{\"paused\":true}");
        String id = upgrade();
        assertThat(lock.held()).isTrue();
        FailingReset.ARMED.set(true);

        assertThatThrownBy(() -> emulator.emulatorControl().reset()).isInstanceOfSatisfying(
                EmulatorControlException.class, failed -> assertThat(failed.status()).isEqualTo(500));
        // Not the lock without its DAG, nor the DAG without its lock: both, as before the reset.
        assertThat(store.dag(GenericIdCodec.decode(id).rowId())).isPresent();
        assertThat(lock.held()).isTrue();
        emulator.emulatorControl().reset();
        assertThat(store.dags()).isEmpty();
        assertThat(lock.held()).isFalse();
    }

    /**
     * F13: with paused pacing, CANCEL at each point of a rollback (a node rolling back, a node
     * rolled back before the stage moved down) ends FAILED/CANCEL at a FAILED node.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})
    void cancelDuringARollbackEndsFailedAtAFailedNode(int steps) {
        arm("{\"task\":\"Hot restart obproxy\",\"times\":1}");
        pace("{\"stageDelay\":\"0ms\"}");
        String id = upgrade();
        assertThat(dags.awaitState(id, "FAILED").path("stage").asInt()).isEqualTo(8);
        pace("{\"paused\":true}");
        assertThat(dags.operate(id, "ROLLBACK").status()).isEqualTo(200);
        for (int i = 0; i < steps; i++) {
            assertThat(control.post("/__emulator/pacing/step", null).status()).isEqualTo(200);
        }
        await().pollDelay(Duration.ofMillis(50)).atMost(Duration.ofSeconds(5))
                .until(() -> dags.dag(id).path("operator").asString().equals("ROLLBACK"));

        ObshellClient.Response cancel = dags.operate(id, "CANCEL");
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
        pace("{\"paused\":false}");

        JsonNode dag = dags.awaitState(id, "FAILED");
        assertThat(dag.path("operator").asString()).isEqualTo("CANCEL");
        JsonNode atStage = dag.get("nodes").get(dag.path("stage").asInt() - 1);
        assertThat(atStage.path("state").asString()).as(dag.toString()).isEqualTo("FAILED");
        assertThat(atStage.path("operator").asString()).isEqualTo("CANCEL");
        assertThat(lock.held()).isTrue();
        // And the rollback can be finished from there.
        assertThat(dags.operate(id, "ROLLBACK").status()).isEqualTo(200);
        JsonNode rolledBack = dags.awaitState(id, "SUCCEED");
        assertThat(rolledBack.path("operator").asString()).isEqualTo("ROLLBACK");
        assertThat(control.get("/__emulator/obproxy").json().path("version").asString()).isEqualTo("4.3.2.0-26");
        assertThat(lock.held()).isFalse();
    }

    private String upgrade() {
        ObshellClient.Response created = client.post("/api/v1/obproxy/upgrade", UPGRADE_BODY);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return created.data().path("id").asString();
    }

    private void pace(String body) {
        assertThat(control.put("/__emulator/pacing", body).status()).isEqualTo(200);
    }

    private void arm(String rule) {
        ControlHttp.Response armed = control.post("/__emulator/faults", rule);
        assertThat(armed.status()).as(armed.body()).isEqualTo(201);
    }
}
