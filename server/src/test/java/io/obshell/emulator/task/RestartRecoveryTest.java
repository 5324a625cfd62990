package io.obshell.emulator.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.pkg.TestRpms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * dag-engine.md §7: a real emulator process is killed with SIGKILL in the middle of an upgrade
 * and started again on the same data directory; the DAG resumes, the task found RUNNING runs
 * again, the lock is still held, and the upgrade finishes.
 */
class RestartRecoveryTest {

    private static final String PASSWORD = "Restart#Pwd1";
    private static final byte[] NEW_BINARY = "obproxy 4.3.3.0-5 restarted\n".getBytes();

    @TempDir
    Path dataDir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopAll() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void anUpgradeKilledAtStageEightResumesAfterRestart() throws Exception {
        int port = freePort();
        Process first = start(port, "--obshell.emulator.task-delays[Hot restart obproxy]=60s");
        ObshellClient client = ObshellClient.create(URI.create("http://127.0.0.1:" + port), PASSWORD);
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").binary(NEW_BINARY).build(dataDir);
        assertThat(client.upload("/api/v1/obproxy/package", "obproxy.rpm", rpm).status()).isEqualTo(200);
        String id = client.post("/api/v1/obproxy/upgrade", "{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}")
                .data().path("id").asString();

        await().atMost(Duration.ofSeconds(30)).until(() -> "RUNNING".equals(task(client, id, 8).path("state").asString()));
        first.destroyForcibly().waitFor();

        start(port);
        JsonNode maintained = client.get("/api/v1/task/dag/maintain/agent").data();
        assertThat(maintained.path("id").asString()).isEqualTo(id);

        await().atMost(Duration.ofSeconds(30)).until(() -> "SUCCEED".equals(dag(client, id).path("state").asString()));
        JsonNode hotRestart = task(client, id, 8);
        assertThat(hotRestart.path("execute_times").asInt()).isEqualTo(1);
        assertThat(hotRestart.get("task_logs").valueStream().map(JsonNode::asString))
                .contains("set proxy_local_cmd to 2");
        assertThat(Files.readAllBytes(dataDir.resolve("data/fs/home/admin/obproxy/bin/obproxy"))).isEqualTo(NEW_BINARY);
        assertThat(client.get("/api/v1/task/dag/agent/unfinish").data().get("contents")).isEmpty();
    }

    private Process start(int port, String... extra) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "io.obshell.emulator.EmulatorApplication",
                "--server.port=" + port,
                "--obshell.data-dir=" + dataDir.resolve("data"),
                "--obshell.agent.password=" + PASSWORD,
                "--obshell.emulator.stage-delay=0ms"));
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("emulator.log").toFile()))
                .start();
        processes.add(process);
        ObshellClient probe = ObshellClient.create(URI.create("http://127.0.0.1:" + port), PASSWORD);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> probe.request("GET", "/api/v1/info").headerType(ObshellClient.HeaderType.NONE)
                        .send().status() == 200);
        return process;
    }

    private static JsonNode dag(ObshellClient client, String id) {
        return client.get("/api/v1/task/dag/" + id).data();
    }

    private static JsonNode task(ObshellClient client, String id, int stage) {
        return dag(client, id).get("nodes").get(stage - 1).get("sub_tasks").get(0);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
