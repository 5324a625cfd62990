package io.obshell.emulator.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.obshell.emulator.client.AgentState;
import io.obshell.emulator.client.CatalogDag;
import io.obshell.emulator.client.Cluster;
import io.obshell.emulator.client.ClusterUpdate;
import io.obshell.emulator.client.ControlBadRequestException;
import io.obshell.emulator.client.ControlConflictException;
import io.obshell.emulator.client.ControlNotFoundException;
import io.obshell.emulator.client.Dag;
import io.obshell.emulator.client.DagDetail;
import io.obshell.emulator.client.DagList;
import io.obshell.emulator.client.DagOperator;
import io.obshell.emulator.client.EmulatorControl;
import io.obshell.emulator.client.EmulatorControlException;
import io.obshell.emulator.client.Fault;
import io.obshell.emulator.client.FaultRule;
import io.obshell.emulator.client.JournalEntry;
import io.obshell.emulator.client.JournalQuery;
import io.obshell.emulator.client.ObproxyUpdate;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.client.Pacing;
import io.obshell.emulator.client.PacingUpdate;
import io.obshell.emulator.client.ResetResult;
import io.obshell.emulator.junit.ObshellEmulatorTest;
import io.obshell.emulator.pkg.TestRpms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every call of the typed control plane against the emulator running in its own process, as users run it. */
@ObshellEmulatorTest(properties = "obshell.emulator.stage-delay=0ms")
class EmulatorControlTest {

    private static final String UPGRADE = "{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}";

    @TempDir
    Path dir;

    @Test
    void healthIsUpWithTheVersions(EmulatorControl control) {
        assertThat(control.health()).satisfies(health -> {
            assertThat(health.status()).isEqualTo("UP");
            assertThat(health.agentVersion()).isEqualTo("4.5.0.0");
            assertThat(health.emulatorVersion()).isNotBlank();
        });
    }

    @Test
    void faultsAreArmedListedReadAndRemoved(EmulatorControl control) {
        FaultRule armed = control.armFault(Fault.on("Hot restart obproxy").times(2).version("4.3.3.0")
                .errCode("OBProxy.HotRestartFailed").message("hot restart of ${version} failed")
                .delay(Duration.ofMillis(1500)));
        FaultRule slow = control.armFault(Fault.on("Wait hot restart obproxy finish").latencyOnly(Duration.ofSeconds(3)));

        assertThat(armed.id()).isNotBlank();
        assertThat(armed).extracting(FaultRule::task, FaultRule::dag, FaultRule::phase, FaultRule::times,
                FaultRule::remaining, FaultRule::fired, FaultRule::fail, FaultRule::errCode, FaultRule::delay)
                .containsExactly("Hot restart obproxy", "Upgrade obproxy", "execute", 2, 2, 0, true,
                        "OBProxy.HotRestartFailed", Duration.ofMillis(1500));
        assertThat(slow.fail()).isFalse();
        assertThat(slow.errCode()).isNull();
        assertThat(control.faults()).extracting(FaultRule::id).containsExactly(armed.id(), slow.id());
        assertThat(control.fault(slow.id())).isEqualTo(slow);

        control.removeFault(armed.id());
        assertThat(control.faults()).containsExactly(slow);
        assertThatThrownBy(() -> control.fault(armed.id())).isInstanceOf(ControlNotFoundException.class)
                .hasMessageContaining(armed.id());
        control.clearFaults();
        assertThat(control.faults()).isEmpty();
    }

    @Test
    void anInvalidFaultIsABadRequestListingEveryProblem(EmulatorControl control) {
        assertThatThrownBy(() -> control.armFault(Fault.on("No such task").times(0)))
                .isInstanceOfSatisfying(ControlBadRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.errors()).hasSize(2);
                    assertThat(e.errors().get(0)).startsWith("'task' must be a task of").endsWith(": No such task");
                    assertThat(e.errors().get(1)).startsWith("'times' must be at least 1");
                    assertThat(e.getMessage()).contains("2 problems");
                });
    }

    @Test
    void pausedPacingStepsOneDagAtATime(EmulatorControl control, ObshellClient client) {
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").build(dir);
        assertThat(client.upload("/api/v1/obproxy/package", "p.rpm", rpm).status()).isEqualTo(200);
        assertThatThrownBy(control::step).isInstanceOf(ControlConflictException.class)
                .hasMessageContaining("DAGs are not paused");

        Pacing paused = control.pause();
        assertThat(paused.paused()).isTrue();
        assertThat(paused.stageDelay()).isEqualTo(Duration.ZERO);
        String id = client.post("/api/v1/obproxy/upgrade", UPGRADE).data().path("id").asString();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            control.step();
            return stage(client, id) >= 2;
        });
        assertThat(stage(client, id)).isLessThan(10);

        Pacing changed = control.updatePacing(PacingUpdate.paused(false).withStageDelay(Duration.ofMillis(20))
                .withTaskDelays(Map.of("Hot restart obproxy", Duration.ofMillis(50))));
        assertThat(changed).isEqualTo(new Pacing(Duration.ofMillis(20), Map.of("Hot restart obproxy", Duration.ofMillis(50)),
                false));
        await().atMost(Duration.ofSeconds(20)).until(() -> "SUCCEED".equals(client.get("/api/v1/task/dag/" + id)
                .data().path("state").asString()));
    }

    @Test
    void theOdpIsReadAndChanged(EmulatorControl control, ObshellClient client) {
        assertThat(control.obproxy().running()).isTrue();

        assertThat(control.updateObproxy(ObproxyUpdate.none().running(false).sqlPort(2884)))
                .satisfies(odp -> {
                    assertThat(odp.running()).isFalse();
                    assertThat(odp.sqlPort()).isEqualTo(2884);
                    assertThat(odp.version()).isEqualTo("4.3.2.0-26");
                });
        assertThat(client.post("/api/v1/obproxy/upgrade", UPGRADE).errCode()).isEqualTo("OBProxy.NotRunning");
        assertThatThrownBy(() -> control.updateObproxy(ObproxyUpdate.none().version("4.3")))
                .isInstanceOf(ControlBadRequestException.class)
                .hasMessage("400 'version' must look like 4.3.2.0-26 (VERSION-BUILD): 4.3");
    }

    @Test
    void theJournalIsQueriedAndCleared(EmulatorControl control, ObshellClient client) {
        client.get("/api/v1/info");
        client.post("/api/v1/obproxy/upgrade", "{\"version\":\"4.3\",\"release\":\"5.el7\"}");

        JournalEntry last = control.requests(JournalQuery.all().path("/api/v1/obproxy").limit(1)).get(0);
        assertThat(last.method()).isEqualTo("POST");
        assertThat(last.authHeader()).isEqualTo("agent");
        assertThat(last.header()).containsEntry("auth", "***");
        assertThat(last.body().path("version").asString()).isEqualTo("4.3");
        assertThat(last.status()).isEqualTo(400);
        assertThat(last.errCode()).isNotNull();
        assertThat(control.requests(JournalQuery.all().status("4xx"))).extracting(JournalEntry::uri)
                .containsExactly("/api/v1/obproxy/upgrade");
        assertThat(control.requests()).extracting(JournalEntry::uri)
                .containsSubsequence("/api/v1/obproxy/upgrade", "/api/v1/info");

        control.clearRequests();
        assertThat(control.requests()).isEmpty();
    }

    @Test
    void resetPutsEverythingBackAndCanRenewTheKeys(EmulatorControl control, ObshellClient client) {
        control.armFault(Fault.on("Hot restart obproxy"));
        control.pause();
        String key = client.get("/api/v1/secret").data().path("public_key").asString();

        ResetResult reset = control.reset();
        assertThat(reset.reset()).contains("FaultRules", "Pacing");
        assertThat(reset.keysRegenerated()).isFalse();
        assertThat(control.faults()).isEmpty();
        assertThat(control.pacing().paused()).isFalse();

        assertThat(control.reset(true).keysRegenerated()).isTrue();
        assertThat(client.get("/api/v1/info").errCode()).isEqualTo("Security.Authentication.Header.DecryptFailed");
        client.resetKey();
        assertThat(client.get("/api/v1/secret").data().path("public_key").asString()).isNotEqualTo(key);
    }

    @Test
    void theClusterIsReadChangedRefusedAndPutBackByAReset(EmulatorControl control) {
        assertThat(control.cluster()).isEqualTo(new Cluster("obcluster", List.of("127.0.0.1:2881"), false));

        assertThat(control.updateCluster(ClusterUpdate.none().name("prod-1").proxyroPassword("Pr0xy")))
                .isEqualTo(new Cluster("prod-1", List.of("127.0.0.1:2881"), true));
        assertThat(control.updateCluster(ClusterUpdate.none().rsList("10.0.0.1:2881", "[::1]:2882")).rsList())
                .containsExactly("10.0.0.1:2881", "[::1]:2882");
        assertThat(control.updateCluster(ClusterUpdate.none().rsList(List.of())).rsList()).isEmpty();
        assertThatThrownBy(() -> control.updateCluster(ClusterUpdate.none().name("").rsList("10.0.0.1")))
                .isInstanceOfSatisfying(ControlBadRequestException.class, e -> assertThat(e.errors())
                        .containsExactlyInAnyOrder("'name' must be 1 to 128 characters",
                                "'rsList' must be ip:port addresses separated by ';' (an IPv6 ip in brackets), "
                                        + "e.g. 127.0.0.1:2881;[::1]:2881"));
        assertThat(control.cluster().name()).isEqualTo("prod-1");

        control.reset();
        assertThat(control.cluster()).isEqualTo(new Cluster("obcluster", List.of("127.0.0.1:2881"), false));
    }

    @Test
    void aFailedDagIsListedReadWithItsLogsRetriedAndRefusedAsObshellRefuses(EmulatorControl control,
            ObshellClient client) {
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").build(dir);
        assertThat(client.upload("/api/v1/obproxy/package", "p.rpm", rpm).status()).isEqualTo(200);
        assertThat(control.dags()).isEqualTo(new DagList(0, List.of()));
        control.armFault(Fault.on("Hot restart obproxy").times(1).errCode("OBProxy.HotRestartFailed"));
        String id = client.post("/api/v1/obproxy/upgrade", UPGRADE).data().path("id").asString();

        await().atMost(Duration.ofSeconds(20)).until(() -> control.dag(id).dag().state().equals("FAILED"));
        DagDetail failed = control.dag(id);
        assertThat(failed.dag()).extracting(Dag::id, Dag::name, Dag::stage, Dag::maxStage, Dag::maintenance)
                .containsExactly(id, "Upgrade obproxy", 8, 10, true);
        assertThat(failed.dag().stages()).hasSize(10).element(7)
                .isEqualTo(new Dag.Stage(8, "Hot restart obproxy", "FAILED", "RUN"));
        assertThat(failed.operators()).contains("RETRY", "PASS");
        DagDetail.Node hotRestart = failed.nodes().get(7);
        assertThat(hotRestart.name()).isEqualTo("Hot restart obproxy");
        assertThat(hotRestart.subTasks()).singleElement().satisfies(task -> {
            assertThat(task.state()).isEqualTo("FAILED");
            assertThat(task.executeTimes()).isEqualTo(1);
            assertThat(task.logs()).isNotEmpty().allSatisfy(log -> assertThat(log.time()).endsWith("Z"));
        });
        assertThat(control.agent().maintenance()).satisfies(lock -> {
            assertThat(lock.held()).isTrue();
            assertThat(lock.holder().id()).isEqualTo(id);
        });
        assertThat(control.dags().dags()).extracting(Dag::id).containsExactly(id);

        DagDetail retried = control.operateDag(id, DagOperator.RETRY);
        assertThat(retried.dag().state()).isIn("READY", "RUNNING", "SUCCEED");
        await().atMost(Duration.ofSeconds(20)).until(() -> control.dag(id).dag().state().equals("SUCCEED"));
        assertThat(control.agent().maintenance()).isEqualTo(new AgentState.Maintenance(false, null));
        String obshellSays = client.post("/api/v1/task/dag/" + id, "{\"operator\":\"RETRY\"}").errCode();
        assertThatThrownBy(() -> control.operateDag(id, DagOperator.RETRY))
                .isInstanceOfSatisfying(EmulatorControlException.class,
                        e -> assertThat(e.errCode()).isNotNull().isEqualTo(obshellSays));
    }

    @Test
    void unknownAndMalformedDagIdsCarryObshellsErrCode(EmulatorControl control) {
        assertThatThrownBy(() -> control.dag("42130706433289611"))
                .isInstanceOfSatisfying(ControlNotFoundException.class,
                        e -> assertThat(e.errCode()).isEqualTo("Task.NotFound"));
        assertThatThrownBy(() -> control.operateDag("42130706433289611", DagOperator.CANCEL))
                .isInstanceOfSatisfying(ControlNotFoundException.class,
                        e -> assertThat(e.errCode()).isEqualTo("Task.NotFound"));
        assertThatThrownBy(() -> control.dag("not-an-id"))
                .isInstanceOfSatisfying(ControlBadRequestException.class,
                        e -> assertThat(e.errCode()).isEqualTo("Task.GenericID.Invalid"));
        assertThatThrownBy(() -> control.dags(0)).isInstanceOf(ControlBadRequestException.class)
                .hasMessageContaining("'limit' must be 1..1000");
    }

    @Test
    void theAgentAndTheCatalogue(EmulatorControl control) {
        AgentState agent = control.agent();
        assertThat(agent).extracting(AgentState::identity, AgentState::version, AgentState::port, AgentState::security)
                .containsExactly("SINGLE", "4.5.0.0", control.baseUri().getPort(), true);
        assertThat(agent.maintenance()).isEqualTo(new AgentState.Maintenance(false, null));

        CatalogDag upgrade = control.catalog().stream().filter(dag -> dag.name().equals("Upgrade obproxy"))
                .findFirst().orElseThrow();
        assertThat(upgrade.maintenance()).isTrue();
        assertThat(upgrade.tasks()).hasSize(10).extracting(CatalogDag.Task::stage)
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(upgrade.tasks().get(7).name()).isEqualTo("Hot restart obproxy");
        assertThat(upgrade.tasks().get(9).canRollback()).isFalse();
        // What the catalogue names, a fault can name.
        assertThat(control.armFault(Fault.on(upgrade.tasks().get(2).name()).dag(upgrade.name())).dag())
                .isEqualTo("Upgrade obproxy");
    }

    @Test
    void anyRouteCanBeCalledAsPlainJson(EmulatorControl control) {
        assertThat(control.call("GET", "/__emulator/health", null).path("status").asString()).isEqualTo("UP");
        assertThatThrownBy(() -> control.call("PUT", "/__emulator/pacing", "{\"stageDelay\":\"soon\"}"))
                .isInstanceOf(ControlBadRequestException.class);
    }

    private static int stage(ObshellClient client, String id) {
        return client.get("/api/v1/task/dag/" + id + "?show_details=false").data().path("stage").asInt();
    }
}
