package io.obshell.emulator.obproxy;

import static io.obshell.emulator.EnvelopeAssert.assertEnvelope;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.obshell.emulator.ControlHttp;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.Sandbox;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.task.DagHttp;
import io.obshell.emulator.task.MaintenanceLock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The homes "Add obproxy" meets that pass its home-path checks only in part, over real HTTP:
 * no {@code bin/obproxy} for the version probe (add.go getObproxyVersion: Go's exec error,
 * raw), an {@code etc} that is a file (os.ReadDir fails: reported as not existing), and a
 * {@code run} that is a file, which the request never looks at but the DAG's first node
 * cannot make a directory of (os.MkdirAll in PrepareForAddObproxyTask).
 */
@EmulatorHttpTest
class AddHomeFailuresTest {

    private static final String HOME = "/home/admin/obproxy";
    private static final String ADD_BODY = "{\"home_path\":\"" + HOME + "\",\"rs_list\":\"127.0.0.1:2881\"}";

    @Autowired
    EmulatorTestClient emulator;
    @Autowired
    Sandbox sandbox;
    @Autowired
    ManagedObproxy obproxy;
    @Autowired
    MaintenanceLock lock;

    ControlHttp control;
    ObshellClient client;
    DagHttp dags;

    @BeforeEach
    void fastEmulator() {
        control = emulator.control();
        assertThat(control.put("/__emulator/pacing", "{\"stageDelay\":\"0ms\"}").status()).isEqualTo(200);
        client = emulator.withPassword();
        dags = new DagHttp(client);
    }

    private void unmanaged(String layout) {
        ControlHttp.Response put = control.put("/__emulator/obproxy",
                "{\"managed\":false,\"running\":false,\"layout\":\"" + layout + "\"}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
    }

    @Test
    void theLayoutsAreTheHomesTheyAreNamedFor() {
        Path home = sandbox.resolve(HOME);

        unmanaged("bin-empty");
        assertThat(home.resolve("bin")).isEmptyDirectory();
        assertThat(home.resolve("lib")).isDirectory();
        assertThat(home.resolve("etc")).isEmptyDirectory();

        unmanaged("etc-file");
        assertThat(home.resolve("bin/obproxy")).isRegularFile();
        assertThat(home.resolve("etc")).isRegularFile();

        unmanaged("run-file");
        assertThat(home.resolve("etc")).isEmptyDirectory();
        assertThat(home.resolve("run")).isRegularFile();

        ControlHttp.Response unknown = control.put("/__emulator/obproxy", "{\"layout\":\"run-is-a-file\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("bin-empty", "etc-file", "run-file");
    }

    @Test
    void aHomeWithoutTheBinaryFailsTheVersionProbeWithGosExecError() {
        unmanaged("bin-empty");

        assertEnvelope(client.post("/api/v1/obproxy", ADD_BODY)).isHandlerError(500, "Common.Unexpected", null,
                "fork/exec ./bin/obproxy: no such file or directory");
        assertThat(lock.held()).isFalse();
    }

    @Test
    void aBinaryThatIsADirectoryCannotBeExecuted() throws IOException {
        unmanaged("bin-empty");
        Files.createDirectory(sandbox.resolve(HOME).resolve("bin/obproxy"));

        assertEnvelope(client.post("/api/v1/obproxy", ADD_BODY)).isHandlerError(500, "Common.Unexpected", null,
                "fork/exec ./bin/obproxy: permission denied");
    }

    @Test
    void anEtcThatIsAFileIsReportedAsNotExisting() {
        unmanaged("etc-file");

        assertEnvelope(client.post("/api/v1/obproxy", ADD_BODY)).isHandlerError(400, "Common.PathNotExist", null,
                "invalid obproxy home path: '" + HOME + "/etc' does not exist");
    }

    @Test
    void aRunThatIsAFileFailsTheFirstNodeWhichGivesTheLockBackUntilRetried() {
        unmanaged("run-file");
        ObshellClient.Response created = client.post("/api/v1/obproxy", ADD_BODY);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String id = created.data().path("id").asString();

        JsonNode failed = dags.awaitState(id, "FAILED");

        assertThat(failed.path("stage").asInt()).isEqualTo(1);
        assertThat(DagHttp.logs(failed, 1)).containsExactly("ERROR: [Common.Unexpected]: Unexpected error: "
                + "create obproxy run path failed: mkdir " + HOME + "/run: not a directory");
        assertThat(lock.held()).as("failure_exit_maintenance").isFalse();
        assertThat(client.get("/api/v1/task/dag/agent/unfinish").data().get("contents").valueStream()
                .map(dag -> dag.path("id").asString()).toList()).isEqualTo(List.of(id));
        assertThat(obproxy.get().managed()).isFalse();

        // Once run/ can be made, a RETRY takes the lock again and the add goes through.
        unmanaged("installed");
        assertEnvelope(dags.operate(id, "RETRY")).isSuccess();
        dags.awaitState(id, "SUCCEED");
        assertThat(sandbox.resolve(HOME).resolve("run")).isDirectory();
        assertThat(obproxy.get().managed()).isTrue();
    }
}
