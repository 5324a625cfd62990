package io.obshell.emulator.obproxy;

import static io.obshell.emulator.EnvelopeAssert.assertEnvelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.obshell.emulator.ControlHttp;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.Sandbox;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.task.MaintenanceLock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The four lifecycle DAGs run, over real HTTP: each to SUCCEED with obshell's log lines and the
 * ODP changing at the node where obshell changes it; each failed at every one of its nodes with
 * every operator tried (dag-engine.md §2.5, obshell's service/task/dag.go and node.go),
 * including the first node's failure_exit_maintenance.
 */
@EmulatorHttpTest
class LifecycleDagTest {

    private static final String HOME = "/home/admin/obproxy";
    private static final Map<String, List<String>> TASKS = Map.of(
            "Add obproxy", List.of("Check obproxy status", "Start obproxy", "Set proxyro password for connect",
                    "Persist obproxy info"),
            "Start obproxy", List.of("Check obproxy status", "Start obproxy"),
            "Stop obproxy", List.of("Check obproxy status", "Stop obproxy"),
            "Delete obproxy", List.of("Check obproxy status", "Stop obproxy", "Delete obproxy", "Clean obproxy dir"));

    @Autowired
    EmulatorTestClient emulator;
    @Autowired
    ManagedObproxy obproxy;
    @Autowired
    MaintenanceLock lock;
    @Autowired
    Sandbox sandbox;

    ControlHttp control;
    ObshellClient client;

    @BeforeEach
    void fastEmulator() {
        control = emulator.control();
        assertThat(control.put("/__emulator/pacing", "{\"stageDelay\":\"0ms\"}").status()).isEqualTo(200);
        client = emulator.withPassword();
    }

    // ---- running to the end ----

    @Test
    void addTakesTheInstalledOdpUnderManagementAtItsLastNode() {
        unmanaged();
        long before = obproxy.get().pid();

        JsonNode dag = awaitState(create("Add obproxy"), "SUCCEED");

        assertThat(logs(dag, 1)).isEmpty();
        assertThat(logs(dag, 2)).containsExactly("start obproxy cmd: cd '" + HOME + "'; ./bin/obproxy -o "
                + "'listen_port=2883,rpc_listen_port=2885,prometheus_listen_port=2884,rootservice_list=127.0.0.1:2881,"
                + "obproxy_config_server_url=,obproxy_sys_password=' -c 'obcluster'", "start obproxy health check");
        assertThat(logs(dag, 3)).containsExactly("set obproxy user password");
        assertThat(logs(dag, 4)).isEmpty();
        Obproxy added = obproxy.get();
        assertThat(added.managed()).isTrue();
        assertThat(added.running()).isTrue();
        assertThat(added.pid()).isNotEqualTo(before).isPositive();
        assertThat(added.sqlPort()).isEqualTo(2883);
        assertThat(added.version()).isEqualTo("4.3.2.0-26");
        assertThat(sandbox.resolve(HOME).resolve("run/obproxy.pid")).hasContent(Long.toString(added.pid()));
        assertThat(client.get("/api/v1/info").data().path("isObproxyAgent").asBoolean()).isTrue();
        assertThat(lock.held()).isFalse();
    }

    @Test
    void addStartsTheOdpWithTheOptionsNamePortsAndSysPasswordGiven() {
        unmanaged();
        String body = "{\"name\":\"it's\",\"home_path\":\"" + HOME + "\",\"sql_port\":3883,\"exporter_port\":3884,"
                + "\"obproxy_sys_password\":\"S3cret\",\"config_url\":\"http://cfg\","
                + "\"parameters\":{\"proxy_mem_limited\":\"2G\",\"listen_port\":\"1\"}}";
        String id = client.post("/api/v1/obproxy", body).data().path("id").asString();

        JsonNode dag = awaitState(id, "SUCCEED");

        // sha1("S3cret"); sql_port overrides the listen_port option; the name's quote escaped as the shell needs.
        assertThat(logs(dag, 2).get(0)).isEqualTo("start obproxy cmd: cd '" + HOME + "'; ./bin/obproxy -o "
                + "'proxy_mem_limited=2G,listen_port=3883,rpc_listen_port=2885,prometheus_listen_port=3884,"
                + "obproxy_config_server_url=http://cfg,obproxy_sys_password=53b360c891a05c0c5e3a2d1665ae01739265a9f3'"
                + " -n 'it'\\''s'");
        assertThat(obproxy.get().sqlPort()).isEqualTo(3883);
    }

    @Test
    void anOptionKeyOtherThanLettersDigitsAndUnderscoreFailsTheStart() {
        unmanaged();
        String id = client.post("/api/v1/obproxy", "{\"home_path\":\"" + HOME + "\",\"rs_list\":\"127.0.0.1:2881\","
                + "\"parameters\":{\"a;b\":\"1\"}}").data().path("id").asString();

        JsonNode dag = awaitState(id, "FAILED");

        assertThat(dag.path("stage").asInt()).isEqualTo(2);
        assertThat(logs(dag, 2)).containsExactly(
                "ERROR: [Common.IllegalArgument]: Illegal argument: invalid parameter key: a;b");
        assertThat(obproxy.get().running()).isFalse();
    }

    @Test
    void stopKillsTheProcessAndLeavesThePidFile() {
        long pid = obproxy.get().pid();

        JsonNode dag = awaitState(create("Stop obproxy"), "SUCCEED");

        assertThat(logs(dag, 2)).containsExactly("Get obproxy pid: " + pid, "Kill obproxy process " + pid,
                "Check obproxy process", "Successfully killed the obproxy process");
        assertThat(obproxy.get().running()).isFalse();
        assertThat(sandbox.resolve(HOME).resolve("run/obproxy.pid")).hasContent(Long.toString(pid));

        JsonNode again = awaitState(create("Stop obproxy"), "SUCCEED");
        assertThat(logs(again, 2)).containsExactly("Get obproxy pid: ", "Obproxy is not running");
    }

    @Test
    void startRunsTheOdpWithoutOptionsAndRewritesThePidFile() {
        awaitState(create("Stop obproxy"), "SUCCEED");

        JsonNode dag = awaitState(create("Start obproxy"), "SUCCEED");

        assertThat(logs(dag, 2)).containsExactly("start obproxy cmd: cd '" + HOME + "'; ./bin/obproxy",
                "start obproxy health check");
        Obproxy started = obproxy.get();
        assertThat(started.running()).isTrue();
        assertThat(sandbox.resolve(HOME).resolve("run/obproxy.pid")).hasContent(Long.toString(started.pid()));
        assertThat(dag.path("maintenance_type").asInt()).isEqualTo(1);
    }

    @Test
    void deleteForgetsTheOdpAndCleansItsHomeButKeepsPackages() {
        JsonNode dag = awaitState(create("Delete obproxy"), "SUCCEED");

        assertThat(logs(dag, 3)).isEmpty();
        assertThat(logs(dag, 4)).isEmpty();
        Obproxy deleted = obproxy.get();
        assertThat(deleted.managed()).isFalse();
        assertThat(deleted.running()).isFalse();
        assertThat(deleted.sqlPort()).isZero();
        Path home = sandbox.resolve(HOME);
        assertThat(home).isDirectory();
        for (String dir : List.of("bin", "lib", "etc", "run", "log")) {
            assertThat(home.resolve(dir)).doesNotExist();
        }
        assertThat(client.get("/api/v1/info").data().path("isObproxyAgent").asBoolean()).isFalse();
    }

    @Test
    void theOdpRunsAfterStartObproxyButIsManagedOnlyAfterPersistObproxyInfo() {
        unmanaged();
        control.put("/__emulator/pacing", "{\"paused\":true}");
        String id = create("Add obproxy");

        stepUntil(id, dag -> nodeState(dag, 2).equals("SUCCEED"));
        assertThat(obproxy.get().running()).isTrue();
        assertThat(obproxy.get().managed()).isFalse();
        assertThat(client.get("/api/v1/info").data().path("isObproxyAgent").asBoolean()).isFalse();

        stepUntil(id, dag -> nodeState(dag, 3).equals("SUCCEED"));
        assertThat(obproxy.get().managed()).as("not before Persist obproxy info").isFalse();

        stepUntil(id, dag -> dag.path("state").asString().equals("SUCCEED"));
        assertThat(obproxy.get().managed()).isTrue();
        assertThat(client.get("/api/v1/info").data().path("isObproxyAgent").asBoolean()).isTrue();
    }

    @Test
    void deleteForgetsTheOdpAtItsThirdNodeAndCleansAtItsFourth() {
        control.put("/__emulator/pacing", "{\"paused\":true}");
        String id = create("Delete obproxy");

        stepUntil(id, dag -> nodeState(dag, 2).equals("SUCCEED"));
        assertThat(obproxy.get().running()).isFalse();
        assertThat(obproxy.get().managed()).isTrue();

        stepUntil(id, dag -> nodeState(dag, 3).equals("SUCCEED"));
        assertThat(obproxy.get().managed()).isFalse();
        assertThat(sandbox.resolve(HOME).resolve("bin")).isDirectory();

        stepUntil(id, dag -> dag.path("state").asString().equals("SUCCEED"));
        assertThat(sandbox.resolve(HOME).resolve("bin")).doesNotExist();
    }

    private void stepUntil(String id, java.util.function.Predicate<JsonNode> reached) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            if (reached.test(dag(id))) {
                return true;
            }
            control.post("/__emulator/pacing/step", "");
            return false;
        });
    }

    private static String nodeState(JsonNode dag, int stage) {
        return dag.get("nodes").get(stage - 1).path("state").asString();
    }

    // ---- the engine: failure_exit_maintenance and a DAG without maintenance ----

    @Test
    void aFailureAtTheFirstNodeGivesTheLockBackAndRetryTakesItAgainOrIsRefused() {
        arm("Stop obproxy", "Check obproxy status");
        String first = create("Stop obproxy");
        JsonNode failed = awaitState(first, "FAILED");
        assertThat(failed.path("stage").asInt()).isEqualTo(1);
        assertThat(lock.held()).as("released by the failure").isFalse();
        assertThat(ids(client.get("/api/v1/task/dag/agent/unfinish").data())).containsExactly(first);
        assertThat(client.get("/api/v1/task/dag/maintain/agent").data().path("id").asString()).isEqualTo(first);
        String nodeId = failed.get("nodes").get(0).path("id").asString();

        control.put("/__emulator/pacing", "{\"paused\":true}");
        String second = create("Stop obproxy");
        String busy = "127.0.0.1:" + emulator.port() + " is under maintenance";
        assertEnvelope(operate(first, "RETRY")).isMiddlewareError(500, "Agent.UnderMaintenance", null, busy);
        assertEnvelope(client.post("/api/v1/task/node/" + nodeId, "{\"operator\":\"PASS\"}"))
                .isMiddlewareError(500, "Agent.UnderMaintenance", null, busy);
        assertThat(dag(first).path("state").asString()).isEqualTo("FAILED");

        control.put("/__emulator/pacing", "{\"paused\":false}");
        awaitState(second, "SUCCEED");
        control.put("/__emulator/pacing", "{\"paused\":true}");
        assertEnvelope(operate(first, "RETRY")).isSuccess();
        assertThat(lock.held()).as("taken again by the retry").isTrue();
        control.put("/__emulator/pacing", "{\"paused\":false}");
        awaitState(first, "SUCCEED");
        assertThat(lock.held()).isFalse();
    }

    @Test
    void aFailedStartIsFinishedAndListedNowhereUnfinished() {
        unmanaged();

        JsonNode dag = awaitState(create("Start obproxy"), "FAILED");

        assertThat(logs(dag, 1)).containsExactly("ERROR: [OBProxy.NotBeManaged]: This is not an OBProxy agent");
        assertThat(client.get("/api/v1/task/dag/agent/unfinish").data().get("contents")).isEmpty();
        assertThat(client.get("/api/v1/task/dag/unfinish").data().get("contents")).isEmpty();
        assertThat(client.get("/api/v1/task/dag/maintain/agent").status()).isEqualTo(404);
        assertThat(lock.held()).isFalse();
    }

    // ---- every node failed, every operator tried ----

    static Stream<Arguments> failurePoints() {
        return Stream.of("Add obproxy", "Start obproxy", "Stop obproxy", "Delete obproxy").flatMap(dag -> {
            List<String> tasks = TASKS.get(dag);
            return Stream.of("RETRY", "PASS", "NODE PASS").flatMap(operator -> java.util.stream.IntStream
                    .rangeClosed(1, tasks.size()).mapToObj(stage -> Arguments.of(dag, stage, operator)));
        });
    }

    @ParameterizedTest(name = "{0} failed at stage {1}, then {2}")
    @MethodSource("failurePoints")
    void everyNodeFailedWithEveryOperator(String dagName, int stage, String operator) {
        if (dagName.equals("Add obproxy")) {
            unmanaged();
        }
        String task = TASKS.get(dagName).get(stage - 1);
        arm(dagName, task);
        String id = create(dagName);
        JsonNode failed = awaitState(id, "FAILED");
        boolean maintenance = !dagName.equals("Start obproxy");
        assertThat(failed.path("stage").asInt()).isEqualTo(stage);
        assertThat(logs(failed, stage)).last().asString().startsWith("ERROR: [");
        assertThat(lock.held()).as("lock after a failure at stage %d", stage).isEqualTo(maintenance && stage > 1);
        assertThat(ids(client.get("/api/v1/task/dag/agent/unfinish").data()).contains(id)).isEqualTo(maintenance);
        String nodeId = failed.get("nodes").get(stage - 1).path("id").asString();

        // Refused whatever the stage: node 1 has no rollback flag, and a FAILED DAG counts as finished.
        assertEnvelope(operate(id, "ROLLBACK")).isMiddlewareError(400, "Task.Dag.Operator.RollbackNotAllowed", null,
                "Failed to set DAG rollback: node Check obproxy status cannot rollback");
        assertEnvelope(operate(id, "CANCEL")).isMiddlewareError(400, "Task.Dag.Operator.CancelFinishedDag", null,
                "Failed to cancel DAG: DAG is finished");
        assertThat(dag(id).path("state").asString()).isEqualTo("FAILED");

        switch (operator) {
            case "RETRY" -> {
                assertEnvelope(operate(id, "RETRY")).isSuccess().hasNoDataKey();
                JsonNode done = awaitState(id, "SUCCEED");
                assertThat(done.path("operator").asString()).isEqualTo("RUN");
                assertThat(done.path("stage").asInt()).isEqualTo(TASKS.get(dagName).size());
            }
            case "PASS" -> {
                assertEnvelope(operate(id, "PASS")).isSuccess().hasNoDataKey();
                JsonNode done = dag(id);
                assertThat(done.path("state").asString()).isEqualTo("SUCCEED");
                assertThat(done.path("operator").asString()).isEqualTo("PASS");
                assertThat(done.path("stage").asInt()).isEqualTo(stage);
            }
            default -> {
                assertEnvelope(client.post("/api/v1/task/node/" + nodeId, "{\"operator\":\"PASS\"}")).isSuccess();
                JsonNode done = await().atMost(Duration.ofSeconds(20)).until(() -> dag(id),
                        d -> d.path("state").asString().equals("SUCCEED")
                                || (d.path("state").asString().equals("FAILED") && d.path("stage").asInt() > stage));
                JsonNode node = done.get("nodes").get(stage - 1);
                assertThat(node.path("state").asString()).isEqualTo("SUCCEED");
                assertThat(node.path("operator").asString()).isEqualTo("PASS");
            }
        }
        if (!operator.equals("NODE PASS")) {
            assertThat(lock.held()).isFalse();
        }
    }

    // ---- helpers ----

    private void unmanaged() {
        ControlHttp.Response put = control.put("/__emulator/obproxy",
                "{\"managed\":false,\"running\":false,\"layout\":\"installed\"}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
    }

    private void arm(String dag, String task) {
        ControlHttp.Response armed = control.post("/__emulator/faults",
                "{\"dag\":\"" + dag + "\",\"task\":\"" + task + "\",\"times\":1}");
        assertThat(armed.status()).as(armed.body()).isEqualTo(201);
    }

    private String create(String dagName) {
        ObshellClient.Response created = switch (dagName) {
            case "Add obproxy" -> client.post("/api/v1/obproxy", "{\"home_path\":\"" + HOME
                    + "\",\"rs_list\":\"127.0.0.1:2881\"}");
            case "Start obproxy" -> client.post("/api/v1/obproxy/start", "");
            case "Stop obproxy" -> client.post("/api/v1/obproxy/stop", "");
            default -> client.request("DELETE", "/api/v1/obproxy").send();
        };
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return created.data().path("id").asString();
    }

    private JsonNode dag(String id) {
        return client.get("/api/v1/task/dag/" + id + "?show_details=True").data();
    }

    private JsonNode awaitState(String id, String state) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> dag(id),
                d -> d.path("state").asString().equals(state));
    }

    private ObshellClient.Response operate(String id, String operator) {
        return client.post("/api/v1/task/dag/" + id, "{\"operator\":\"" + operator + "\"}");
    }

    private static List<String> ids(JsonNode list) {
        return list.get("contents").valueStream().map(dag -> dag.path("id").asString()).toList();
    }

    private static List<String> logs(JsonNode dag, int stage) {
        JsonNode logs = dag.get("nodes").get(stage - 1).get("sub_tasks").get(0).get("task_logs");
        return logs == null || logs.isNull() ? List.of() : logs.valueStream().map(JsonNode::asString).toList();
    }
}
