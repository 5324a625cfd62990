package io.obshell.emulator.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.net.URI;
import java.nio.file.Files;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.obshell.emulator.client.ControlUnauthorizedException;
import io.obshell.emulator.client.EmulatorControl;
import io.obshell.emulator.client.Fault;
import io.obshell.emulator.client.FaultRule;
import io.obshell.emulator.client.ObproxyUpdate;
import io.obshell.emulator.client.ObshellClient;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.springframework.util.FileSystemUtils;

/**
 * What the extension does for the test classes that use it, checked by running such classes
 * (the static nested ones here, which the build does not run on their own) with the JUnit
 * Platform test kit.
 */
class ObshellEmulatorExtensionTest {

    static final Map<String, List<Object>> SEEN = new ConcurrentHashMap<>();

    private static void see(String key, Object value) {
        SEEN.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(value);
    }

    private static void runAndExpectSuccess(Class<?>... classes) {
        Events tests = EngineTestKit.engine("junit-jupiter")
                .selectors(java.util.Arrays.stream(classes).map(c -> selectClass(c)).toArray(
                        org.junit.platform.engine.DiscoverySelector[]::new))
                .execute().allEvents();
        assertThat(tests.failed().stream().map(event -> event.getPayload(Throwable.class)
                .map(Throwable::toString).orElse(event.toString())).toList()).isEmpty();
        assertThat(tests.succeeded().count()).isPositive();
    }

    @Test
    void classesWithTheSameConfigurationShareOneProcessAndADedicatedOneHasItsOwn() {
        runAndExpectSuccess(SharedA.class, SharedB.class, Dedicated.class);

        assertThat(SEEN.get("SharedA")).hasSize(1).isEqualTo(SEEN.get("SharedB"));
        assertThat(SEEN.get("Dedicated")).hasSize(1).doesNotContainAnyElementsOf(SEEN.get("SharedA"));
    }

    @Test
    void theBuilderConfiguresTheEmulatorAndEachResetReturnsToThatConfiguration() {
        runAndExpectSuccess(Configured.class);

        assertThat(SEEN.get("Configured")).containsExactly("changed", "back to configured");
    }

    @Test
    void perMethodGivesEachTestAFreshProcessAndDeletesItsDataAfterwards() {
        runAndExpectSuccess(PerMethod.class);

        List<Object> dataDirs = SEEN.get("PerMethod");
        assertThat(dataDirs).hasSize(2).doesNotHaveDuplicates();
        assertThat(dataDirs).allSatisfy(dir -> assertThat(Files.exists((Path) dir)).isFalse());
    }

    @Test
    void aStandaloneEmulatorRunsUntilClosedThenItsProcessAndDataAreGone() {
        Path dataDir;
        URI base;
        try (StandaloneEmulator emulator = ObshellEmulatorExtension.builder().agentPassword("standalone")
                .stageDelay(Duration.ZERO).start()) {
            base = emulator.baseUri();
            dataDir = emulator.dataDir();
            assertThat(emulator.control().health().status()).isEqualTo("UP");
            assertThat(emulator.control().pacing().stageDelay()).isEqualTo(Duration.ZERO);
            assertThat(emulator.client().get("/api/v1/task/dags/agent").status()).isEqualTo(200);
            assertThat(dataDir).isDirectory();
        }
        assertThat(dataDir).doesNotExist();
        assertThatThrownBy(() -> EmulatorControl.connect(base).health())
                .hasMessageContaining("cannot reach the emulator's control plane");
    }

    @Test
    void withoutResetBeforeEachAStateCarriesOverAndAKeptDataDirStays() throws IOException {
        runAndExpectSuccess(NoResetKeepData.class);

        assertThat(SEEN.get("NoResetKeepData")).hasSize(1);
        Path kept = (Path) SEEN.get("NoResetKeepData").get(0);
        assertThat(kept.resolve("obshell.db")).exists();
        assertThat(kept.resolveSibling("emulator.log")).content().contains("Started EmulatorApplication");
        FileSystemUtils.deleteRecursively(kept.getParent());
    }

    @ObshellEmulatorTest(properties = "obshell.agent.version=4.4.0.0")
    static class SharedA {
        @Test
        void recordsItsPort(ObshellEmulator emulator, URI base) {
            assertThat(base).isEqualTo(emulator.baseUri());
            see("SharedA", emulator.port());
        }
    }

    @ObshellEmulatorTest(properties = "obshell.agent.version=4.4.0.0")
    static class SharedB {
        @Test
        void recordsItsPort(ObshellEmulator emulator, ObshellClient client) {
            // the annotation's default agent password is "test"
            assertThat(client.get("/api/v1/obproxy/upgrade").errCode()).isNotEqualTo("Security.Authentication.IncorrectAgentPassword");
            assertThat(client.get("/api/v1/info").data().path("version").asString()).isEqualTo("4.4.0.0");
            see("SharedB", emulator.port());
        }
    }

    @ObshellEmulatorTest(properties = "obshell.agent.version=4.4.0.0", shared = false)
    static class Dedicated {
        @Test
        void recordsItsPort(ObshellEmulator emulator) {
            see("Dedicated", emulator.port());
        }
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class Configured {

        @RegisterExtension
        static ObshellEmulatorExtension emulator = ObshellEmulatorExtension.builder()
                .agentPassword("Cfg#Pwd1")
                .property("obshell.agent.version", "4.3.1.0")
                .obproxy(ObproxyUpdate.none().running(false).version("4.3.1.0-1"))
                .fault(Fault.on("Hot restart obproxy").times(1).errCode("OBProxy.HotRestartFailed").message("boom"))
                .controlToken("ctl-token-1")
                .stageDelay(Duration.ZERO)
                .shared(false)
                .build();

        @Test
        @Order(1)
        void isConfigured(ObshellClient client, EmulatorControl control) {
            assertThat(client.get("/api/v1/info").data().path("version").asString()).isEqualTo("4.3.1.0");
            assertThat(control.obproxy()).satisfies(odp -> {
                assertThat(odp.running()).isFalse();
                assertThat(odp.version()).isEqualTo("4.3.1.0-1");
            });
            assertThat(control.faults()).extracting(FaultRule::task, FaultRule::times, FaultRule::errCode,
                    FaultRule::message).containsExactly(org.assertj.core.groups.Tuple.tuple("Hot restart obproxy", 1,
                            "OBProxy.HotRestartFailed", "boom"));
            assertThat(control.pacing().stageDelay()).isEqualTo(Duration.ZERO);
            assertThatThrownBy(() -> EmulatorControl.connect(emulator.baseUri()).health())
                    .isInstanceOf(ControlUnauthorizedException.class);

            control.updateObproxy(ObproxyUpdate.none().running(true));
            control.clearFaults();
            see("Configured", "changed");
        }

        @Test
        @Order(2)
        void isResetToItsConfiguration(EmulatorControl control) {
            assertThat(control.obproxy().running()).isFalse();
            assertThat(control.faults()).hasSize(1);
            see("Configured", "back to configured");
        }
    }

    static class PerMethod {

        @RegisterExtension
        static ObshellEmulatorExtension emulator = ObshellEmulatorExtension.builder()
                .lifecycle(EmulatorLifecycle.PER_METHOD)
                .build();

        @Test
        void first(ObshellEmulator running) {
            see("PerMethod", running.dataDir());
        }

        @Test
        void second(ObshellEmulator running) {
            see("PerMethod", running.dataDir());
        }
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    @ObshellEmulatorTest(resetBeforeEach = false, keepDataDir = true, shared = false)
    static class NoResetKeepData {

        @Test
        @Order(1)
        void pauses(EmulatorControl control) {
            control.pause();
        }

        @Test
        @Order(2)
        void isStillPaused(EmulatorControl control, ObshellEmulator running) {
            assertThat(control.pacing().paused()).isTrue();
            see("NoResetKeepData", running.dataDir());
        }
    }
}
