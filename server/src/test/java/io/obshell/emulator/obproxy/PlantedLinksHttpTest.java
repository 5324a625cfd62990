package io.obshell.emulator.obproxy;

import static io.obshell.emulator.EnvelopeAssert.assertEnvelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;

import io.obshell.emulator.ControlHttp;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.Sandbox;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.pkg.TestRpms;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * F7 over the routes that touch the sandbox: a link planted in {@code <data-dir>/fs} never lets
 * the control plane or an upgrade write or read outside, nor echo what it points at. F14: a
 * homePath component too long for any file system is a 400, not a 500.
 */
@EmulatorHttpTest
@Tag("reliability")
class PlantedLinksHttpTest {

    private static final String SECRET = "outside-secret-content";
    private static final String PID_FILE = "home/admin/obproxy/run/obproxy.pid";

    @Autowired
    EmulatorTestClient emulator;
    @Autowired
    Sandbox sandbox;

    @TempDir
    Path outside;
    @TempDir
    Path dir;

    ControlHttp control;
    Path secret;

    @BeforeEach
    void start() throws Exception {
        control = emulator.control();
        secret = Files.writeString(outside.resolve("secret.txt"), SECRET);
    }

    @Test
    void settingThePidNeverWritesThroughALinkedPidFile() throws Exception {
        plantPidLink();

        ControlHttp.Response response = control.put("/__emulator/obproxy", "{\"running\":true,\"pid\":4242}");

        assertThat(secret).hasContent(SECRET);
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().path("detail").asString())
                .isEqualTo("cannot lay out the ODP home: /home/admin/obproxy/run/obproxy.pid: too many levels of symbolic links");
        assertThat(control.get("/__emulator/obproxy").json().path("pid").asLong()).isNotEqualTo(4242);
    }

    @Test
    void anUpgradeNeverEchoesWhatALinkedPidFilePointsAt() throws Exception {
        ObshellClient client = emulator.withPassword();
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").build(dir);
        assertThat(client.upload("/api/v1/obproxy/package", "p.rpm", rpm).status()).isEqualTo(200);
        plantPidLink();

        ObshellClient.Response response = client.post("/api/v1/obproxy/upgrade",
                "{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}");

        assertEnvelope(response).isHandlerError(500, "Common.Unexpected", null,
                "open /home/admin/obproxy/run/obproxy.pid: too many levels of symbolic links");
        assertThat(response.body()).doesNotContain(SECRET).doesNotContain(sandbox.root().toString());
    }

    @Test
    void aLinkPlantedInTheOdpBinDirectoryFailsTheBackupWithoutReadingIt() throws Exception {
        ObshellClient client = emulator.withPassword();
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").build(dir);
        assertThat(client.upload("/api/v1/obproxy/package", "p.rpm", rpm).status()).isEqualTo(200);
        assertThat(control.put("/__emulator/pacing", "{\"stageDelay\":\"0ms\"}").status()).isEqualTo(200);
        Files.createSymbolicLink(sandbox.root().resolve("home/admin/obproxy/bin/stolen"), secret);

        String id = client.post("/api/v1/obproxy/upgrade", "{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}")
                .data().path("id").asString();
        await().atMost(Duration.ofSeconds(20)).until(() -> client.get("/api/v1/task/dag/" + id).data()
                .path("state").asString().equals("FAILED"));

        JsonNode dag = client.get("/api/v1/task/dag/" + id).data();
        assertThat(dag.path("stage").asInt()).isEqualTo(4);
        assertThat(dag.toString()).contains("/home/admin/obproxy/bin/stolen: too many levels of symbolic links")
                .doesNotContain(SECRET);
        try (var files = Files.walk(sandbox.root())) {
            assertThat(files.filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)).map(this::content)).doesNotContain(SECRET);
        }
    }

    @Test
    void aHomePathComponentLongerThan255BytesIsABadRequest() {
        ControlHttp.Response response = control.put("/__emulator/obproxy",
                "{\"homePath\":\"/home/" + "a".repeat(256) + "/obproxy\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("detail").asString()).contains("longer than 255 bytes");
        assertThat(control.get("/__emulator/obproxy").json().path("homePath").asString()).isEqualTo("/home/admin/obproxy");
        assertThat(control.put("/__emulator/obproxy", "{\"homePath\":\"/home/" + "a".repeat(255) + "/obproxy\"}")
                .status()).isEqualTo(200);
    }

    private void plantPidLink() throws Exception {
        Path pid = sandbox.root().resolve(PID_FILE);
        Files.deleteIfExists(pid);
        Files.createSymbolicLink(pid, secret);
    }

    private String content(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (Exception e) {
            return "";
        }
    }
}
