package io.obshell.emulator.control;

import static io.obshell.emulator.control.FaultRoutesTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import io.obshell.emulator.ControlHttp;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.Sandbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** GET/PUT /__emulator/obproxy: the ODP model, validated like the real routes validate. */
@EmulatorHttpTest
class ObproxyStateTest {

    @Autowired
    EmulatorTestClient emulator;
    @Autowired
    Sandbox sandbox;

    ControlHttp control;

    @BeforeEach
    void start() {
        control = emulator.control();
    }

    @Test
    void odpStartsAsConfigured() throws Exception {
        JsonNode odp = control.get("/__emulator/obproxy").json();

        assertThat(odp.path("managed").asBoolean()).isTrue();
        assertThat(odp.path("running").asBoolean()).isTrue();
        assertThat(odp.path("version").asString()).isEqualTo("4.3.2.0-26");
        assertThat(odp.path("homePath").asString()).isEqualTo("/home/admin/obproxy");
        assertThat(odp.path("sqlPort").asInt()).isEqualTo(2883);
        assertThat(odp.path("pid").asLong()).isPositive();
        assertThat(Files.readString(sandbox.resolve("/home/admin/obproxy/run/obproxy.pid")))
                .isEqualTo(Long.toString(odp.path("pid").asLong()));
    }

    @Test
    void stoppingTheOdpDropsItsPidAndPidFileAndStartingItGivesANewPid() {
        JsonNode stopped = control.put("/__emulator/obproxy", "{\"running\": false}").json();

        assertThat(stopped.path("running").asBoolean()).isFalse();
        assertThat(stopped.path("pid").asLong()).isZero();
        assertThat(stopped.path("version").asString()).as("left out, kept").isEqualTo("4.3.2.0-26");
        assertThat(sandbox.resolve("/home/admin/obproxy/run/obproxy.pid")).doesNotExist();

        JsonNode started = control.put("/__emulator/obproxy", "{\"running\": true, \"pid\": 4242}").json();
        assertThat(started.path("pid").asLong()).isEqualTo(4242);
        assertThat(control.get("/__emulator/obproxy").json()).isEqualTo(started);
    }

    @Test
    void newHomePathIsLaidOutInTheSandbox() {
        JsonNode odp = control.put("/__emulator/obproxy",
                "{\"homePath\": \"/data/odp\", \"version\": \"4.2.1.0-3\", \"sqlPort\": 0, \"managed\": false}").json();

        assertThat(odp.path("homePath").asString()).isEqualTo("/data/odp");
        assertThat(odp.path("version").asString()).isEqualTo("4.2.1.0-3");
        assertThat(odp.path("sqlPort").asInt()).isZero();
        assertThat(odp.path("managed").asBoolean()).isFalse();
        Path home = sandbox.resolve("/data/odp");
        assertThat(home.resolve("bin/obproxy")).isRegularFile();
        assertThat(home.resolve("etc/proxyconfig.db")).isRegularFile();
        assertThat(home.resolve("run/obproxy.pid")).hasContent(Long.toString(odp.path("pid").asLong()));
    }

    @Test
    void invalidStateIsA400ListingEveryProblemAndChangesNothing() {
        JsonNode before = control.get("/__emulator/obproxy").json();

        ControlHttp.Response response = control.put("/__emulator/obproxy",
                "{\"version\": \"4.3.2\", \"homePath\": \"relative/home\", \"sqlPort\": 70000, "
                        + "\"running\": false, \"pid\": 12}");

        assertProblem(response, 400, "4 problems");
        assertThat(response.body()).contains("'version' must look like 4.3.2.0-26",
                "Path 'relative/home' is not valid: should start with '/'", "'sqlPort' must be 1..65535",
                "'pid' must be 0 or left out");
        assertThat(control.get("/__emulator/obproxy").json()).isEqualTo(before);
    }

    @Test
    void homePathFollowsTheUpgradeDirRules() {
        assertProblem(control.put("/__emulator/obproxy", "{\"homePath\": \"/opt/../../etc\"}"), 400,
                "should not lead to directory traversal");
        assertProblem(control.put("/__emulator/obproxy", "{\"homePath\": \"/opt/odp home\"}"), 400,
                "should match pattern");
        assertProblem(control.put("/__emulator/obproxy", "{\"running\": true, \"pid\": -5}"), 400,
                "must be positive");
        assertProblem(control.put("/__emulator/obproxy", "{\"sqlPort\": \"many\"}"), 400, "Field 'sqlPort'");
    }
}
