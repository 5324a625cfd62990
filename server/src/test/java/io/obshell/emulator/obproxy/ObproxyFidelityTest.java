package io.obshell.emulator.obproxy;

import static io.obshell.emulator.EnvelopeAssert.assertEnvelope;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.obshell.emulator.ControlHttp;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.pkg.TestRpms;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The upgrade where obshell's own paths and the ODP's SQL port show (reference D4, D5, D7, D8). */
@EmulatorHttpTest
class ObproxyFidelityTest {

    private static final String UPGRADE = "/api/v1/obproxy/upgrade";
    private static final String TARGET = "{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}";

    @Autowired
    EmulatorTestClient emulator;
    @Autowired
    ManagedObproxy obproxy;

    ObshellClient client;
    ControlHttp control;

    @BeforeEach
    void aPackage(@TempDir Path dir) {
        control = emulator.control();
        emulator.emulatorControl().stageDelay(Duration.ZERO);
        client = emulator.withPassword();
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").build(dir);
        assertThat(client.upload("/api/v1/obproxy/package", "p.rpm", rpm).status()).isEqualTo(200);
    }

    private JsonNode awaitFinished(String id) {
        return Awaitility.await().until(() -> client.get("/api/v1/task/dag/" + id).data(),
                dag -> List.of("SUCCEED", "FAILED").contains(dag.path("state").asString()));
    }

    private static List<String> logs(JsonNode dag, int stage) {
        return dag.get("nodes").get(stage - 1).get("sub_tasks").get(0).get("task_logs").valueStream()
                .map(JsonNode::asString).toList();
    }

    // D4: obshell names its own bin directory; D5: the free space is statfs's Bfree*Bsize.
    @Test
    void theBackupLineNamesObshellsBinAndTheFreeSpaceIncludesReservedBlocks() throws Exception {
        String id = client.post(UPGRADE, TARGET).data().path("id").asString();
        JsonNode dag = awaitFinished(id);
        assertThat(dag.path("state").asString()).isEqualTo("SUCCEED");
        assertThat(logs(dag, 4)).contains("Backup the bin directory /home/admin/oceanbase/bin");
        long logged = logs(dag, 2).stream().filter(line -> line.startsWith("The remaining disk size is "))
                .map(line -> Long.parseLong(line.substring("The remaining disk size is ".length()))).findFirst()
                .orElseThrow();
        long unallocated = Files.getFileStore(obproxy.home()).getUnallocatedSpace();
        assertThat(logged).isCloseTo(unallocated, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(logged).isGreaterThanOrEqualTo(Files.getFileStore(obproxy.home()).getUsableSpace() / 100 * 99);
    }

    // D7: CopyFile's os.Open of a missing proxyconfig.db.
    @Test
    void aMissingConfigDbFailsTheCopyAsCopyFileDoes() throws Exception {
        Files.delete(obproxy.home().resolve("etc/proxyconfig.db"));
        String id = client.post(UPGRADE, TARGET).data().path("id").asString();
        JsonNode dag = awaitFinished(id);
        assertThat(dag.path("state").asString()).isEqualTo("FAILED");
        assertThat(dag.path("stage").asInt()).isEqualTo(6);
        assertThat(logs(dag, 6)).last().isEqualTo("ERROR: [Common.Unexpected]: Unexpected error: "
                + "open /home/admin/obproxy/etc/proxyconfig.db: no such file or directory");

        Files.writeString(obproxy.home().resolve("etc/proxyconfig.db"), "proxyconfig\n");
        assertEnvelope(client.post("/api/v1/task/dag/" + id, "{\"operator\":\"RETRY\"}")).isSuccess();
        assertThat(awaitFinished(id).path("state").asString()).isEqualTo("SUCCEED");
        assertThat(obproxy.home().resolve("etc/proxyconfig_v1.db")).exists();
    }

    // D8 at request time: the first failure comes from loading the connection, later ones bare.
    @Test
    void aRefusingOrErringSqlPortAnswersAsObshellsVersionCheck() {
        assertThat(control.put("/__emulator/obproxy", "{\"sqlFailure\":\"refused\"}").status()).isEqualTo(200);
        assertEnvelope(client.post(UPGRADE, TARGET)).isHandlerError(500, "Common.Unexpected", null,
                "load obproxy instance failed: dial tcp 127.0.0.1:2883: connect: connection refused");
        assertThat(control.put("/__emulator/obproxy", "{\"sqlFailure\":\"none\"}").status()).isEqualTo(200);
        String id = client.post(UPGRADE, TARGET).data().path("id").asString();
        awaitFinished(id);

        assertThat(control.put("/__emulator/obproxy", "{\"sqlFailure\":\"refused\"}").status()).isEqualTo(200);
        assertEnvelope(client.post(UPGRADE, "{\"version\":\"4.3.4.0\",\"release\":\"1.el7\"}")).isHandlerError(500,
                "Common.Unexpected", null, "dial tcp 127.0.0.1:2883: connect: connection refused");
        JsonNode odp = control.put("/__emulator/obproxy",
                "{\"sqlFailure\":\"error\",\"sqlErrorMessage\":\"Error 1045 (28000): Access denied\"}").json();
        assertThat(odp.path("sqlFailure").asString()).isEqualTo("error");
        assertEnvelope(client.post(UPGRADE, "{\"version\":\"4.3.4.0\",\"release\":\"1.el7\"}")).isHandlerError(400,
                "MySQL.Error", null, "Error 1045 (28000): Access denied");
    }

    // D8 in the tasks: "Record obproxy info" reads a config over SQL first.
    @Test
    void anErringSqlPortFailsTheRecordTask() {
        assertThat(control.put("/__emulator/pacing", "{\"paused\":true}").status()).isEqualTo(200);
        String id = client.post(UPGRADE, TARGET).data().path("id").asString();
        assertThat(control.put("/__emulator/obproxy", "{\"sqlFailure\":\"error\"}").status()).isEqualTo(200);
        assertThat(control.put("/__emulator/pacing", "{\"paused\":false}").status()).isEqualTo(200);
        JsonNode dag = awaitFinished(id);
        assertThat(dag.path("state").asString()).isEqualTo("FAILED");
        assertThat(dag.path("stage").asInt()).isEqualTo(7);
        assertThat(logs(dag, 7)).last().isEqualTo("ERROR: [Common.Unexpected]: Unexpected error: "
                + "get hot_upgrade_rollback_timeout failed: " + ObproxySql.DEFAULT_ERROR);
    }

    // D8 in the wait: every retry opens a new connection, and the timeout names the last failure.
    @Test
    void aRefusingSqlPortAfterTheHotRestartTimesTheWaitOut() {
        assertThat(control.put("/__emulator/pacing", "{\"paused\":true}").status()).isEqualTo(200);
        String id = client.post(UPGRADE, TARGET).data().path("id").asString();
        Awaitility.await().until(() -> {
            control.post("/__emulator/pacing/step", "");
            JsonNode dag = client.get("/api/v1/task/dag/" + id).data();
            return dag.path("stage").asInt() == 9;
        });
        assertThat(control.put("/__emulator/obproxy", "{\"sqlFailure\":\"refused\"}").status()).isEqualTo(200);
        assertThat(control.put("/__emulator/pacing", "{\"paused\":false}").status()).isEqualTo(200);
        JsonNode dag = awaitFinished(id);
        assertThat(dag.path("state").asString()).isEqualTo("FAILED");
        assertThat(dag.path("stage").asInt()).isEqualTo(9);
        List<String> logs = logs(dag, 9);
        String failure = "load temp obproxy instance failed: dial tcp 127.0.0.1:2883: connect: connection refused";
        assertThat(logs).contains("retry 100 times", "load obproxy instance failed: " + failure);
        assertThat(logs).last().isEqualTo("ERROR: [OBProxy.HotRestartTimeout]: Wait hot restart OBProxy finish "
                + "timeout: Wait hot restart OBProxy finish timeout: " + failure);
    }

    @Test
    void theSqlFailureFieldsAreValidated() {
        ControlHttp.Response bad = control.put("/__emulator/obproxy",
                "{\"sqlFailure\":\"sometimes\",\"sqlErrorMessage\":\"two\\nlines\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("'sqlFailure' must be none, refused or error: sometimes")
                .contains("'sqlErrorMessage' must be one non-blank line");
        assertThat(control.get("/__emulator/obproxy").json().path("sqlFailure").asString()).isEqualTo("none");
    }
}
