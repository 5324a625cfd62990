package io.obshell.emulator.obproxy;

import static io.obshell.emulator.EnvelopeAssert.assertEnvelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.Sandbox;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.pkg.PackageStore;
import io.obshell.emulator.pkg.TestRpms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * An ODP's whole life on an agent configured with {@code obshell.obproxy.managed=false}: add,
 * upload, upgrade, stop, start, delete, reset, add again, as a client drives it over HTTP.
 */
@EmulatorHttpTest
@TestPropertySource(properties = {"obshell.obproxy.managed=false", "obshell.emulator.stage-delay=0ms"})
class LifecycleWalkTest {

    private static final String HOME = "/home/admin/obproxy";
    private static final String ADD = "{\"home_path\":\"" + HOME + "\",\"rs_list\":\"127.0.0.1:2881\","
            + "\"obproxy_sys_password\":\"Sys#1\"}";

    @Autowired
    EmulatorTestClient emulator;
    @Autowired
    ManagedObproxy obproxy;
    @Autowired
    Sandbox sandbox;
    @Autowired
    PackageStore packages;

    @TempDir
    Path dir;

    ObshellClient client;

    @Test
    void addUploadUpgradeStopStartDeleteResetAddAgain() {
        client = emulator.withPassword();
        Path home = sandbox.resolve(HOME);
        assertThat(home.resolve("bin/obproxy")).content().contains("(OceanBase 4.3.2.0 26)");
        assertThat(home.resolve("lib")).isDirectory();
        assertThat(home.resolve("etc")).isEmptyDirectory();
        assertThat(agentInfo().path("isObproxyAgent").asBoolean()).isFalse();

        awaitSucceed(client.post("/api/v1/obproxy", ADD));
        assertThat(agentInfo().path("isObproxyAgent").asBoolean()).isTrue();

        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").build(dir);
        assertThat(client.upload("/api/v1/obproxy/package", "p.rpm", rpm).status()).isEqualTo(200);
        awaitSucceed(client.post("/api/v1/obproxy/upgrade", "{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}"));
        assertThat(obproxy.get().version()).isEqualTo("4.3.3.0-5");

        awaitSucceed(client.post("/api/v1/obproxy/stop", ""));
        assertEnvelope(client.post("/api/v1/obproxy/upgrade", "{\"version\":\"4.3.3.1\",\"release\":\"1.el7\"}"))
                .isHandlerError(400, "OBProxy.NotRunning", null, "OBProxy is not running");

        awaitSucceed(client.post("/api/v1/obproxy/start", ""));
        assertThat(obproxy.get().running()).isTrue();

        awaitSucceed(client.request("DELETE", "/api/v1/obproxy").send());
        assertThat(agentInfo().path("isObproxyAgent").asBoolean()).isFalse();
        ObshellClient.Response again = client.request("DELETE", "/api/v1/obproxy").send();
        assertThat(again.status()).isEqualTo(204);
        assertThat(again.body()).isEmpty();
        // Delete removed bin/ and lib/, so the same home is no installed ODP any more.
        assertEnvelope(client.post("/api/v1/obproxy", ADD)).isHandlerError(400, "Common.PathNotExist", null,
                "invalid obproxy home path: '" + HOME + "/bin' does not exist");
        assertThat(packages.findNewest("obproxy-ce", "4.3.3.0", "5", "el7", "x86_64")).as("packages kept").isPresent();

        emulator.emulatorControl().reset();
        client = emulator.withPassword();
        assertThat(home.resolve("bin/obproxy")).isRegularFile();
        assertThat(home.resolve("etc")).isEmptyDirectory();
        assertThat(obproxy.get().managed()).isFalse();

        awaitSucceed(client.post("/api/v1/obproxy", ADD));
        assertThat(obproxy.get().managed()).isTrue();
        assertThat(obproxy.get().version()).isEqualTo("4.3.2.0-26");
    }

    private JsonNode agentInfo() {
        return client.get("/api/v1/info").data();
    }

    private void awaitSucceed(ObshellClient.Response created) {
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String id = created.data().path("id").asString();
        JsonNode dag = await().atMost(Duration.ofSeconds(30)).until(
                () -> client.get("/api/v1/task/dag/" + id + "?show_details=True").data(),
                d -> !d.path("state").asString().equals("READY") && !d.path("state").asString().equals("RUNNING"));
        assertThat(dag.path("state").asString()).as(dag.toString()).isEqualTo("SUCCEED");
    }
}
