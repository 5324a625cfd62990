package io.obshell.emulator.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import io.obshell.emulator.ControlHttp;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.Sandbox;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.obproxy.UpgradeObproxyDag;
import io.obshell.emulator.pkg.TestRpms;
import io.obshell.emulator.secure.AgentPassword;
import io.obshell.emulator.task.DagFactory;
import io.obshell.emulator.task.DagRunner;
import io.obshell.emulator.task.MaintenanceLock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** POST /__emulator/reset: back to the configured initial state, with nothing left behind. */
@EmulatorHttpTest
class ResetTest {

    /** Tables that hold configuration-derived state rather than things a client created. */
    private static final List<String> KEPT_TABLES = List.of("ocs_info", "obproxy_info", "flyway_schema_history",
            "sqlite_sequence");

    @Autowired
    EmulatorTestClient emulator;
    @Autowired
    DagFactory dags;
    @Autowired
    UpgradeObproxyDag upgrade;
    @Autowired
    DagRunner runner;
    @Autowired
    MaintenanceLock lock;
    @Autowired
    AgentPassword agentPassword;
    @Autowired
    Sandbox sandbox;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JsonMapper json;

    @TempDir
    Path dir;

    ControlHttp control;

    @BeforeEach
    void start() {
        control = emulator.control();
    }

    @Test
    void resetLeavesNothingBehind() throws IOException {
        ObshellClient client = emulator.withPassword();
        String publicKey = client.get("/api/v1/secret").data().path("public_key").asString();
        Path rpm = TestRpms.obproxy("4.3.9.0").release("1.el7").build(dir);
        assertThat(client.upload("/api/v1/obproxy/package", rpm.getFileName().toString(), rpm).status()).isEqualTo(200);
        control.put("/__emulator/pacing", "{\"stageDelay\": \"0s\"}");
        String id = createUpgrade();
        await().atMost(Duration.ofSeconds(20)).until(() -> client.get("/api/v1/task/dag/" + id).data()
                .path("state").asString().equals("FAILED"));
        Files.writeString(Files.createDirectories(sandbox.resolve("/tmp/client")).resolve("stray.txt"), "left over");
        control.post("/__emulator/faults", "{\"task\": \"Hot restart obproxy\"}");
        control.put("/__emulator/obproxy", "{\"version\": \"4.2.0.0-1\", \"homePath\": \"/data/other\"}");
        control.put("/__emulator/pacing", "{\"paused\": true, \"taskDelays\": {\"Backup for upgrade\": \"9s\"}}");
        assertThat(rowCount("dag_instance")).isPositive();
        assertThat(rowCount("sub_task_log")).isPositive();
        assertThat(rowCount("upgrade_pkg_info")).isPositive();
        assertThat(lock.held()).isTrue();
        assertThat(control.get("/__emulator/requests").json()).isNotEmpty();

        ControlHttp.Response response = control.post("/__emulator/reset", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("keysRegenerated").asBoolean()).isFalse();
        assertThat(response.json().path("reset").valueStream().map(JsonNode::asString))
                .contains("TaskStore", "PackageStore", "MaintenanceLock", "Sandbox", "ManagedObproxy", "AgentPassword", "FaultRules",
                        "RequestJournal", "Pacing");
        for (String table : userTables()) {
            assertThat(rowCount(table)).as("rows left in " + table).isZero();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM sqlite_sequence WHERE name <> 'flyway_schema_history'")
                .query(Long.class).single()).as("ids start again from 1").isZero();
        assertThat(lock.held()).isFalse();
        assertThat(sandboxFiles()).containsExactlyInAnyOrder("home/admin/obproxy/bin/obproxy",
                "home/admin/obproxy/etc/proxyconfig.db", "home/admin/obproxy/run/obproxy.pid");
        assertThat(control.get("/__emulator/faults").json()).isEmpty();
        assertThat(control.get("/__emulator/requests").json()).isEmpty();
        JsonNode odp = control.get("/__emulator/obproxy").json();
        assertThat(odp.path("version").asString()).isEqualTo("4.3.2.0-26");
        assertThat(odp.path("homePath").asString()).isEqualTo("/home/admin/obproxy");
        JsonNode pacing = control.get("/__emulator/pacing").json();
        assertThat(pacing.path("paused").asBoolean()).isFalse();
        assertThat(pacing.path("stageDelay").asString()).isEqualTo("PT0.15S");
        assertThat(pacing.path("taskDelays").isEmpty()).isTrue();
        assertThat(agentPassword.isSet()).as("no password configured: not initialized again").isFalse();
        assertThat(emulator.signingWith(null).get("/api/v1/secret").data().path("public_key").asString())
                .as("the key pair is kept").isEqualTo(publicKey);
    }

    @Test
    void resetWithKeysRegeneratesTheKeyPair() {
        ObshellClient client = emulator.withPassword();
        String publicKey = client.get("/api/v1/secret").data().path("public_key").asString();

        ControlHttp.Response response = control.post("/__emulator/reset?keys=true", null);

        assertThat(response.json().path("keysRegenerated").asBoolean()).isTrue();
        assertThat(emulator.signingWith(null).get("/api/v1/secret").data().path("public_key").asString())
                .isNotEqualTo(publicKey);
        // A client still holding the old key is told to refetch it, as after an agent reinstall.
        ObshellClient.Response stale = client.post("/api/v1/agent/password", "{\"password\": \"x\"}");
        assertThat(stale.errCode()).isEqualTo("Security.Authentication.Header.DecryptFailed");
        ObshellClient fresh = emulator.signingWith(null);
        assertThat(fresh.post("/api/v1/agent/password", "{\"password\": \"again\"}").status()).isEqualTo(200);
    }

    @Test
    void resetStopsADagBeingDrivenAndTheRunnerKeepsWorking() {
        ObshellClient client = emulator.withPassword();
        control.put("/__emulator/pacing", "{\"stageDelay\": \"0s\"}");
        control.post("/__emulator/faults", "{\"task\": \"Create upgrade dir\", \"fail\": false, \"delay\": \"PT60S\"}");
        String id = createUpgrade();
        await().atMost(Duration.ofSeconds(20)).until(() -> client.get("/api/v1/task/dag/" + id).data()
                .path("nodes").get(0).path("sub_tasks").get(0).path("state").asString().equals("RUNNING"));

        long start = System.nanoTime();
        assertThat(control.post("/__emulator/reset", null).status()).isEqualTo(200);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the 60 s task was cut short")
                .isLessThan(Duration.ofSeconds(30));
        assertThat(runner.idle()).isTrue();
        assertThat(rowCount("dag_instance")).isZero();
        ObshellClient afterReset = emulator.withPassword();
        control.put("/__emulator/pacing", "{\"stageDelay\": \"0s\"}");
        String next = createUpgrade();
        await().atMost(Duration.ofSeconds(20)).until(() -> afterReset.get("/api/v1/task/dag/" + next).data()
                .path("stage").asInt() == 2);
    }

    @Test
    void resetReleasesADagWaitingAtThePauseGate() {
        control.put("/__emulator/pacing", "{\"paused\": true}");
        createUpgrade();
        assertThat(runner.idle()).isFalse();

        assertThat(control.post("/__emulator/reset", null).status()).isEqualTo(200);

        assertThat(runner.idle()).isTrue();
        assertThat(rowCount("dag_instance")).isZero();
        assertThat(control.get("/__emulator/pacing").json().path("paused").asBoolean()).isFalse();
    }

    private String createUpgrade() {
        return json.valueToTree(dags.create(upgrade,
                new UpgradeObproxyDag.Params("/home/admin/obproxy/obproxy-upgrade-dir-1", "4.3.3.2", "5", "el7", "5.el7"))).path("id").asString();
    }

    /** Every table a client's actions can fill, including ones added after this test was written. */
    private List<String> userTables() {
        return jdbc.sql("SELECT name FROM sqlite_master WHERE type = 'table'").query(String.class).list().stream()
                .filter(name -> !KEPT_TABLES.contains(name)).toList();
    }

    private long rowCount(String table) {
        return jdbc.sql("SELECT count(*) FROM \"" + table + "\"").query(Long.class).single();
    }

    private List<String> sandboxFiles() throws IOException {
        Path root = sandbox.root();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(path -> root.relativize(path).toString()).toList();
        }
    }
}
