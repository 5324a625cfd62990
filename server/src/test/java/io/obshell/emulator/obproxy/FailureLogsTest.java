package io.obshell.emulator.obproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * Injected failures log what the real failure logs before its ERROR: line: a kill that never
 * takes, a health check that never passes, a hot restart that fails or never happens.
 */
@EmulatorHttpTest
class FailureLogsTest {

    private static final String HOME = "/home/admin/obproxy";

    @Autowired
    EmulatorTestClient emulator;
    @Autowired
    ManagedObproxy obproxy;

    @TempDir
    Path dir;

    ControlHttp control;
    ObshellClient client;

    @BeforeEach
    void fastEmulator() {
        control = emulator.control();
        control.put("/__emulator/pacing", "{\"stageDelay\":\"0ms\"}");
        client = emulator.withPassword();
    }

    @Test
    void aKillThatNeverTakesTriesFifteenRoundsThenTimesOut() {
        long pid = obproxy.get().pid();
        JsonNode rule = arm("{\"dag\":\"Stop obproxy\",\"task\":\"Stop obproxy\"}");
        assertThat(rule.path("errCode").asString()).isEqualTo("OBProxy.StopTimeout");

        List<String> logs = failedLogs(client.post("/api/v1/obproxy/stop", ""), 2);

        List<String> expected = new ArrayList<>(List.of("Get obproxy pid: " + pid));
        for (int round = 0; round < 15; round++) {
            expected.add("Kill obproxy process " + pid);
            expected.add("Check obproxy process");
        }
        expected.add("ERROR: [OBProxy.StopTimeout]: Kill OBProxy process timeout");
        assertThat(logs).containsExactlyElementsOf(expected);
        assertThat(obproxy.get().running()).isTrue();
    }

    @Test
    void aHealthCheckThatNeverPassesWarnsAHundredTimesThenTimesOut() {
        arm("{\"dag\":\"Start obproxy\",\"task\":\"Start obproxy\",\"errCode\":\"OBProxy.HealthCheckTimeout\"}");

        List<String> logs = failedLogs(client.post("/api/v1/obproxy/start", ""), 2);

        assertThat(logs).hasSize(103);
        assertThat(logs.subList(0, 2)).containsExactly("start obproxy cmd: cd '" + HOME + "'; ./bin/obproxy",
                "start obproxy health check");
        assertThat(logs.get(2)).isEqualTo("WARN: obproxy health check failed(retry 1): invalid connection");
        assertThat(logs.get(101)).isEqualTo("WARN: obproxy health check failed(retry 100): invalid connection");
        assertThat(logs.get(102)).isEqualTo(
                "ERROR: [OBProxy.HealthCheckTimeout]: obproxy start failed: OBProxy health check timeout");
    }

    @Test
    void aFailedHotRestartFirstLogsTheCommandItSent() {
        arm("{\"task\":\"Hot restart obproxy\"}");

        List<String> logs = failedLogs(upgrade(), 8);

        assertThat(logs).containsExactly("set proxy_local_cmd to 2",
                "ERROR: [Common.Unexpected]: Unexpected error: fault injected into task 'Hot restart obproxy'");
    }

    @Test
    void aHotRestartThatNeverHappensWaitsForTheOldProcessEveryRound() {
        long oldPid = obproxy.get().pid();
        arm("{\"task\":\"Wait hot restart obproxy finish\"}");

        List<String> logs = failedLogs(upgrade(), 9);

        assertThat(logs).hasSize(41);
        assertThat(logs.subList(0, 2)).containsExactly("obproxy " + oldPid + " is running",
                "obproxy " + oldPid + " is still running, waiting for it to exit...");
        assertThat(logs.get(40)).isEqualTo(
                "ERROR: [OBProxy.HotRestartTimeout]: Wait hot restart OBProxy finish timeout");
    }

    private ObshellClient.Response upgrade() {
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").build(dir);
        assertThat(client.upload("/api/v1/obproxy/package", "p.rpm", rpm).status()).isEqualTo(200);
        return client.post("/api/v1/obproxy/upgrade", "{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}");
    }

    private JsonNode arm(String rule) {
        ControlHttp.Response armed = control.post("/__emulator/faults", rule);
        assertThat(armed.status()).as(armed.body()).isEqualTo(201);
        return armed.json();
    }

    private List<String> failedLogs(ObshellClient.Response created, int stage) {
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String id = created.data().path("id").asString();
        JsonNode dag = await().atMost(Duration.ofSeconds(20)).until(
                () -> client.get("/api/v1/task/dag/" + id).data(), d -> d.path("state").asString().equals("FAILED"));
        assertThat(dag.path("stage").asInt()).isEqualTo(stage);
        return dag.get("nodes").get(stage - 1).get("sub_tasks").get(0).get("task_logs").valueStream()
                .map(JsonNode::asString).toList();
    }
}
