package io.obshell.emulator.obproxy;

import static io.obshell.emulator.EnvelopeAssert.assertEnvelope;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.obshell.emulator.ControlHttp;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.Sandbox;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.task.DagHttp;
import io.obshell.emulator.task.MaintenanceLock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * "Stop obproxy" reading a pid file someone else wrote, over real HTTP, as obshell's
 * StopObproxyTask does through lib/process getPid: the text trimmed, strconv.Atoi (its error
 * fails the node before any log line), the number cut to an int32, and a pid whose
 * {@code /proc} entry is missing taken as "not running" without killing anything.
 */
@EmulatorHttpTest
class StopPidFilesTest {

    private static final String HOME = "/home/admin/obproxy";

    @Autowired
    EmulatorTestClient emulator;
    @Autowired
    Sandbox sandbox;
    @Autowired
    ManagedObproxy obproxy;
    @Autowired
    MaintenanceLock lock;

    ObshellClient client;
    DagHttp dags;

    @BeforeEach
    void fastEmulator() {
        ControlHttp control = emulator.control();
        assertThat(control.put("/__emulator/pacing", "{\"stageDelay\":\"0ms\"}").status()).isEqualTo(200);
        client = emulator.withPassword();
        dags = new DagHttp(client);
    }

    private Path pidFile() {
        return sandbox.resolve(HOME).resolve(ManagedObproxy.PID_FILE);
    }

    private JsonNode stop(String dag, int stage, String state) {
        ObshellClient.Response created = dag.equals("Stop obproxy") ? client.post("/api/v1/obproxy/stop", "")
                : client.request("DELETE", "/api/v1/obproxy").send();
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        JsonNode done = dags.awaitState(created.data().path("id").asString(), state);
        assertThat(done.path("stage").asInt()).isEqualTo(stage);
        return done;
    }

    // Go's strconv.Atoi texts, quoted as strconv.Quote does; the ODP keeps running.
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "abc|strconv.Atoi: parsing \"abc\": invalid syntax",
        "``|strconv.Atoi: parsing \"\": invalid syntax",
        "` \n\t`|strconv.Atoi: parsing \"\": invalid syntax",
        "12 34|strconv.Atoi: parsing \"12 34\": invalid syntax",
        "\"7\"|strconv.Atoi: parsing \"\\\"7\\\"\": invalid syntax",
        "`7\u0000`|strconv.Atoi: parsing \"7\\x00\": invalid syntax",
        "\u0663|strconv.Atoi: parsing \"\u0663\": invalid syntax",
        "99999999999999999999|strconv.Atoi: parsing \"99999999999999999999\": value out of range"})
    void aPidFileThatIsNoNumberFailsTheStopBeforeItLogsAnything(String content, String error) throws IOException {
        long pid = obproxy.get().pid();
        Files.writeString(pidFile(), content);

        JsonNode failed = stop("Stop obproxy", 2, "FAILED");

        assertThat(DagHttp.logs(failed, 2)).containsExactly("ERROR: [Common.Unexpected]: Unexpected error: " + error);
        assertThat(obproxy.get().running()).isTrue();
        assertThat(obproxy.get().pid()).isEqualTo(pid);
        assertThat(lock.held()).as("a failure at node 2 keeps the lock").isTrue();
    }

    @Test
    void aPidFileThatIsADirectoryFailsTheReadAsGoSaysIt() throws IOException {
        Files.delete(pidFile());
        Files.createDirectory(pidFile());

        JsonNode failed = stop("Stop obproxy", 2, "FAILED");

        assertThat(DagHttp.logs(failed, 2)).containsExactly("ERROR: [Common.Unexpected]: Unexpected error: read "
                + HOME + "/run/obproxy.pid: is a directory");
    }

    @Test
    void thePidOfNoProcessIsNotRunningAndNothingIsKilled() throws IOException {
        long pid = obproxy.get().pid();
        Files.writeString(pidFile(), Long.toString(pid + 1));

        JsonNode done = stop("Stop obproxy", 2, "SUCCEED");

        assertThat(DagHttp.logs(done, 2)).containsExactly("Get obproxy pid: ", "Obproxy is not running");
        assertThat(obproxy.get().running()).as("the ODP's own process was never killed").isTrue();
        assertThat(pidFile()).hasContent(Long.toString(pid + 1));
        // The upgrade reads the same file: the ODP is "not running" to it too.
        assertEnvelope(client.post("/api/v1/obproxy/upgrade", "{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}"))
                .isHandlerError(400, "OBProxy.NotRunning", null, "OBProxy is not running");
    }

    @Test
    void zeroAndNegativePidsAreNoProcess() throws IOException {
        for (String content : new String[] {"0", "-1", "+0"}) {
            Files.writeString(pidFile(), content);

            JsonNode done = stop("Stop obproxy", 2, "SUCCEED");

            assertThat(DagHttp.logs(done, 2)).as(content).containsExactly("Get obproxy pid: ", "Obproxy is not running");
        }
    }

    @Test
    void aPidWithSpacesAroundOrPast32BitsIsReadAsObshellReadsIt() throws IOException {
        long pid = obproxy.get().pid();
        Files.writeString(pidFile(), " +" + (pid + (1L << 32)) + "\r\n");

        JsonNode done = stop("Stop obproxy", 2, "SUCCEED");

        assertThat(DagHttp.logs(done, 2)).containsExactly("Get obproxy pid: " + pid, "Kill obproxy process " + pid,
                "Check obproxy process", "Successfully killed the obproxy process");
        assertThat(obproxy.get().running()).isFalse();
    }

    @Test
    void deleteStopsAtItsStopNodeOnTheSameGarbage() throws IOException {
        Files.writeString(pidFile(), "abc");

        JsonNode failed = stop("Delete obproxy", 2, "FAILED");

        assertThat(DagHttp.logs(failed, 2)).containsExactly(
                "ERROR: [Common.Unexpected]: Unexpected error: strconv.Atoi: parsing \"abc\": invalid syntax");
        assertThat(obproxy.get().managed()).as("the ODP is forgotten only at node 3").isTrue();
    }
}
