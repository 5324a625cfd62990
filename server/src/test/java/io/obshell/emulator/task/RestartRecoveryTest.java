package io.obshell.emulator.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.obshell.emulator.client.EmulatorControl;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.junit.EmulatorLifecycle;
import io.obshell.emulator.junit.ObshellEmulator;
import io.obshell.emulator.junit.ObshellEmulatorExtension;
import io.obshell.emulator.pkg.TestRpms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * dag-engine.md §7: a real emulator process is killed with SIGKILL in the middle of an upgrade
 * and started again on the same data directory; the DAG resumes, the task found RUNNING runs
 * again, the lock is still held, and the upgrade finishes.
 */
class RestartRecoveryTest {

    private static final byte[] NEW_BINARY = "obproxy 4.3.3.0-5 restarted\n".getBytes();

    @RegisterExtension
    static ObshellEmulatorExtension emulator = ObshellEmulatorExtension.builder()
            .agentPassword("Restart#Pwd1")
            .stageDelay(Duration.ZERO)
            .lifecycle(EmulatorLifecycle.PER_METHOD)
            .build();

    @TempDir
    Path dir;

    @Test
    void anUpgradeKilledAtStageEightResumesAfterRestart(ObshellEmulator running, ObshellClient client,
            EmulatorControl control) throws Exception {
        // pacing is not persisted: after the restart the configured stage delay (0) applies
        control.taskDelays(Map.of("Hot restart obproxy", Duration.ofSeconds(60)));
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").binary(NEW_BINARY).build(dir);
        assertThat(client.upload("/api/v1/obproxy/package", "obproxy.rpm", rpm).status()).isEqualTo(200);
        String id = client.post("/api/v1/obproxy/upgrade", "{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}")
                .data().path("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> "RUNNING".equals(task(client, id, 8).path("state").asString()));

        running.killAndRestart();

        JsonNode maintained = client.get("/api/v1/task/dag/maintain/agent").data();
        assertThat(maintained.path("id").asString()).isEqualTo(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> "SUCCEED".equals(dag(client, id).path("state").asString()));
        JsonNode hotRestart = task(client, id, 8);
        assertThat(hotRestart.path("execute_times").asInt()).isEqualTo(1);
        assertThat(hotRestart.get("task_logs").valueStream().map(JsonNode::asString))
                .contains("set proxy_local_cmd to 2");
        assertThat(Files.readAllBytes(running.dataDir().resolve("fs/home/admin/obproxy/bin/obproxy")))
                .isEqualTo(NEW_BINARY);
        assertThat(client.get("/api/v1/task/dag/agent/unfinish").data().get("contents")).isEmpty();
    }

    private static JsonNode dag(ObshellClient client, String id) {
        return client.get("/api/v1/task/dag/" + id).data();
    }

    private static JsonNode task(ObshellClient client, String id, int stage) {
        return dag(client, id).get("nodes").get(stage - 1).get("sub_tasks").get(0);
    }
}
