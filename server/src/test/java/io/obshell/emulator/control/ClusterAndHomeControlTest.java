package io.obshell.emulator.control;

import static io.obshell.emulator.control.FaultRoutesTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import io.obshell.emulator.ControlHttp;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.Sandbox;
import io.obshell.emulator.client.Cluster;
import io.obshell.emulator.client.ClusterUpdate;
import io.obshell.emulator.client.ControlBadRequestException;
import io.obshell.emulator.client.EmulatorControl;
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
        control = emulator.control();
    }

    @Test
    void theClusterIsConfiguredChangeableFieldByFieldAndPutBackByAReset() {
        EmulatorControl typed = emulator.emulatorControl();
        // The wire shape once: the password is never echoed, only whether one is set.
        assertThat(control.get("/__emulator/cluster").json().toString())
                .isEqualTo("{\"name\":\"obcluster\",\"rsList\":\"127.0.0.1:2881\",\"proxyroPasswordSet\":false}");
        assertThat(control.put("/__emulator/cluster", "{\"proxyroPassword\":\"Pr0xy\"}").body()).doesNotContain("Pr0xy");

        Cluster changed = typed.updateCluster(ClusterUpdate.none().name("prod-1"));

        assertThat(changed).isEqualTo(new Cluster("prod-1", List.of("127.0.0.1:2881"), true));
        assertThat(typed.updateCluster(ClusterUpdate.none().rsList(List.of())).rsList()).isEmpty();
        assertThat(typed.cluster()).isEqualTo(new Cluster("prod-1", List.of(), true));

        typed.reset();
        assertThat(typed.cluster()).isEqualTo(new Cluster("obcluster", List.of("127.0.0.1:2881"), false));
    }

    @Test
    void anInvalidClusterIsA400ListingEveryViolationAndChangesNothing() {
        EmulatorControl typed = emulator.emulatorControl();
        assertThatThrownBy(() -> typed.updateCluster(ClusterUpdate.none().name("").rsList("10.0.0.1")
                .proxyroPassword("p".repeat(129)))).isInstanceOfSatisfying(ControlBadRequestException.class, e -> {
                    assertThat(e.getMessage()).contains("3 problems");
                    assertThat(e.errors()).containsExactlyInAnyOrder("'name' must be 1 to 128 characters",
                            "'rsList' must be ip:port addresses separated by ';' (an IPv6 ip in brackets), "
                                    + "e.g. 127.0.0.1:2881;[::1]:2881",
                            "'proxyroPassword' must be at most 128 characters");
                });
        // What the typed call cannot send: unknown fields and no body at all.
        assertProblem(control.put("/__emulator/cluster", "{\"rs_list\":\"x\"}"), 400, "Unknown field 'rs_list'");
        assertProblem(control.put("/__emulator/cluster", null), 400, "The request body is empty");
        assertThat(typed.cluster().rsList()).containsExactly("127.0.0.1:2881");
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
