package io.obshell.emulator.task;

import static io.obshell.emulator.task.DagHttp.logs;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.obshell.emulator.ControlHttp;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.Sandbox;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.obproxy.ManagedObproxy;
import io.obshell.emulator.pkg.TestRpms;
import org.eclipse.packager.rpm.coding.PayloadCoding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * What the ten "Upgrade obproxy" tasks log and do, line by line, where obshell's source fixes it
 * (dag-engine.md §5.2, §6): the version check after the hot restart, the paths Go joins and
 * cleans, the payload checks at install, and Go's own error texts on the client's paths.
 */
@EmulatorHttpTest
class UpgradeTaskLogsTest {

    private static final byte[] NEW_BINARY = "obproxy 4.3.3.0-5\n".getBytes(StandardCharsets.UTF_8);

    @Autowired
    EmulatorTestClient emulator;
    @Autowired
    ManagedObproxy obproxy;
    @Autowired
    Sandbox sandbox;

    @TempDir
    Path dir;

    ObshellClient client;
    DagHttp dags;

    @BeforeEach
    void freshEmulator() {
        emulator.reset();
        assertThat(emulator.control().put("/__emulator/pacing", "{\"stageDelay\":\"0ms\"}").status()).isEqualTo(200);
        client = emulator.withPassword();
        dags = new DagHttp(client);
    }

    @AfterEach
    void reset() {
        emulator.reset();
    }

    // envelope-errors.md §4: compression and payload format are checked at install, before the
    // binary is touched (CheckCompressAndFormat).
    @Test
    void aPackageWhosePayloadIsNotXzFailsTheReinstallAndKeepsTheOldBinary() throws Exception {
        byte[] oldBinary = Files.readAllBytes(obproxy.home().resolve("bin/obproxy"));
        upload(TestRpms.obproxy("4.3.3.0").release("5.el7").binary(NEW_BINARY).payloadCoding(PayloadCoding.GZIP));
        JsonNode dag = upgradeUntil("{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}", "FAILED");

        assertThat(dag.path("stage").asInt()).isEqualTo(5);
        assertThat(logs(dag, 5)).containsExactly("ERROR: [Package.Compression.NotSupported]: "
                + "Unsupported compression 'gzip', the supported compression is 'xz'");
        assertThat(Files.readAllBytes(obproxy.home().resolve("bin/obproxy"))).isEqualTo(oldBinary);
    }

    // dag-engine.md §5.2 task 5: the payload's regular file *named* obproxy replaces the binary.
    @Test
    void theReinstallTakesThePayloadFileNamedObproxy() throws Exception {
        byte[] other = "an obproxy elsewhere in the payload\n".getBytes(StandardCharsets.UTF_8);
        upload(TestRpms.obproxy("4.3.3.0").release("5.el7").binary(NEW_BINARY)
                .file("/home/admin/obproxy-4.3.3.0/share/obproxy", other));
        upgradeUntil("{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}", "SUCCEED");

        // Go walks the cpio archive and installs every match; the last one stays.
        assertThat(Files.readAllBytes(obproxy.home().resolve("bin/obproxy"))).isEqualTo(other);
    }

    private void upload(TestRpms.Builder rpm) {
        Path file = rpm.build(dir);
        ObshellClient.Response uploaded = client.upload("/api/v1/obproxy/package", "p.rpm", file);
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
    }

    private void arm(String rule) {
        ControlHttp.Response armed = emulator.control().post("/__emulator/faults", rule);
        assertThat(armed.status()).as(armed.body()).isEqualTo(201);
    }

    private JsonNode upgradeUntil(String body, String state) {
        ObshellClient.Response created = client.post("/api/v1/obproxy/upgrade", body);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return dags.awaitState(created.data().path("id").asString(), state);
    }
}
