package io.obshell.emulator.control;

import static io.obshell.emulator.control.FaultRoutesTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import io.obshell.emulator.ControlHttp;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.Sandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** {@code GET|PUT /__emulator/cluster} and the home layouts of {@code PUT /__emulator/obproxy}. */
@EmulatorHttpTest
class ClusterAndHomeControlTest {

    @Autowired
    EmulatorTestClient emulator;
    @Autowired
    Sandbox sandbox;

    ControlHttp control;

    @BeforeEach
    void freshEmulator() {
        emulator.reset();
        control = emulator.control();
    }

    @AfterEach
    void resetEmulator() {
        emulator.reset();
    }

    @Test
    void theClusterIsConfiguredChangeableFieldByFieldAndPutBackByAReset() {
        assertThat(control.get("/__emulator/cluster").json().toString())
                .isEqualTo("{\"name\":\"obcluster\",\"rsList\":\"127.0.0.1:2881\",\"proxyroPasswordSet\":false}");

        JsonNode changed = control.put("/__emulator/cluster", "{\"name\":\"prod-1\",\"proxyroPassword\":\"Pr0xy\"}")
                .json();

        assertThat(changed.path("name").asString()).isEqualTo("prod-1");
        assertThat(changed.path("rsList").asString()).isEqualTo("127.0.0.1:2881");
        assertThat(changed.path("proxyroPasswordSet").asBoolean()).isTrue();
        assertThat(changed.toString()).doesNotContain("Pr0xy");
        assertThat(control.put("/__emulator/cluster", "{\"rsList\":\"\"}").json().path("rsList").asString()).isEmpty();

        control.post("/__emulator/reset", "");
        assertThat(control.get("/__emulator/cluster").json().path("name").asString()).isEqualTo("obcluster");
    }

    @Test
    void anInvalidClusterIsA400ListingEveryViolationAndChangesNothing() {
        ControlHttp.Response response = control.put("/__emulator/cluster",
                "{\"name\":\"\",\"rsList\":\"10.0.0.1\",\"proxyroPassword\":\"" + "p".repeat(129) + "\"}");

        assertProblem(response, 400, "3 problems");
        assertThat(response.body()).contains("'name' must be 1 to 128 characters",
                "'rsList' must be ip:port addresses separated by ';'", "'proxyroPassword' must be at most 128");
        assertProblem(control.put("/__emulator/cluster", "{\"rs_list\":\"x\"}"), 400, "Unknown field 'rs_list'");
        assertProblem(control.put("/__emulator/cluster", null), 400, "The request body is empty");
        assertThat(control.get("/__emulator/cluster").json().path("rsList").asString()).isEqualTo("127.0.0.1:2881");
    }

    @Test
    void aHomeIsLaidOutAsAskedWithTheVersionOutputGiven() {
        JsonNode odp = control.put("/__emulator/obproxy", "{\"managed\":false,\"running\":false,"
                + "\"layout\":\"no-lib\",\"versionOutput\":\"obproxy (OceanBase 4.2.0.0 7.el7)\"}").json();

        assertThat(odp.path("managed").asBoolean()).isFalse();
        Path home = sandbox.resolve("/home/admin/obproxy");
        assertThat(home.resolve("bin/obproxy")).hasContent("obproxy (OceanBase 4.2.0.0 7.el7)");
        assertThat(home.resolve("lib")).doesNotExist();
        assertThat(home.resolve("etc")).isEmptyDirectory();

        control.put("/__emulator/obproxy", "{\"layout\":\"missing\"}");
        assertThat(home).doesNotExist();
    }

    @Test
    void anUnknownLayoutOrAVersionOutputWithoutOneIsRefused() {
        assertProblem(control.put("/__emulator/obproxy", "{\"layout\":\"sideways\"}"), 400,
                "'layout' must be one of [deployed, installed, no-bin, bin-empty, no-lib, etc-not-empty, etc-file, "
                        + "run-file, unwritable, missing]");
        assertProblem(control.put("/__emulator/obproxy", "{\"versionOutput\":\"x\"}"), 400,
                "'versionOutput' needs a 'layout'");
    }
}
