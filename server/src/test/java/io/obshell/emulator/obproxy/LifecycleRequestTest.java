package io.obshell.emulator.obproxy;

import static io.obshell.emulator.EnvelopeAssert.assertEnvelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.obshell.emulator.ControlHttp;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.EnvelopeAssert;
import io.obshell.emulator.client.ClusterUpdate;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.task.DagFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Add, start, stop and delete refused or accepted at request time, over real HTTP, with
 * obshell's status, errCode and message in its check order (executor/obproxy/add.go,
 * start.go, stop.go, delete.go; api/obproxy_route.go). No DAG moves: pacing is paused.
 */
@EmulatorHttpTest
class LifecycleRequestTest {

    private static final String HOME = "/home/admin/obproxy";
    private static final String ADD = "/api/v1/obproxy";

    @Autowired
    EmulatorTestClient emulator;
    @Autowired
    DagFactory dags;
    @Autowired
    UpgradeObproxyDag upgradeDag;

    ControlHttp control;
    ObshellClient client;

    @BeforeEach
    void pausedEmulator() {
        control = emulator.control();
        assertThat(control.put("/__emulator/pacing", "{\"paused\":true}").status()).isEqualTo(200);
        client = emulator.withPassword();
    }

    /** The home laid out as {@code layout}, no ODP managed. */
    private void unmanaged(String layout, String versionOutput) {
        ControlHttp.Response put = control.put("/__emulator/obproxy", "{\"managed\":false,\"running\":false,"
                + "\"layout\":\"" + layout + "\"" + (versionOutput == null ? "" : ",\"versionOutput\":\""
                + versionOutput + "\"") + "}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
    }

    /** What the python SDK's add_obproxy sends: every key, null where the caller gave nothing. */
    private static String addBody(String rsList, String configUrl, String parameters, String extra) {
        return "{\"name\":\"\",\"home_path\":\"" + HOME + "\",\"sql_port\":null,\"rpc_port\":null,"
                + "\"exporter_port\":null,\"proxyro_password\":\"\",\"obproxy_sys_password\":\"\","
                + "\"rs_list\":" + rsList + ",\"config_url\":" + configUrl + ",\"parameters\":" + parameters
                + extra + "}";
    }

    private static String addBody() {
        return addBody("\"127.0.0.1:2881\"", "null", "null", "");
    }

    private EnvelopeAssert add(String body) {
        return assertEnvelope(client.post(ADD, body));
    }

    private String address() {
        return "127.0.0.1:" + emulator.port();
    }

    private void holdLockWithAnUpgrade() {
        dags.create(upgradeDag, new UpgradeObproxyDag.Params(HOME + "/obproxy-upgrade-dir-1", "4.3.3.0", "5", "el7",
                "5.el7"));
    }

    // §2.1 binding: gin's required tag and Go's type errors, no data key.
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{}|Key: 'AddObproxyParam.HomePath' Error:Field validation for 'HomePath' failed on the 'required' tag",
        "{\"home_path\":\"\"}|Key: 'AddObproxyParam.HomePath' Error:Field validation for 'HomePath' failed on the 'required' tag",
        "{\"home_path\":\"/h\",\"sql_port\":\"2883\"}|json: cannot unmarshal string into Go struct field AddObproxyParam.sql_port of type int",
        "{\"home_path\":\"/h\",\"rpc_port\":1.5}|json: cannot unmarshal number 1.5 into Go struct field AddObproxyParam.rpc_port of type int",
        "{\"home_path\":\"/h\",\"rs_list\":1}|json: cannot unmarshal number into Go struct field AddObproxyParam.rs_list of type string",
        "{\"home_path\":\"/h\",\"parameters\":[]}|json: cannot unmarshal array into Go struct field AddObproxyParam.parameters of type map[string]string",
        "{\"home_path\":\"/h\",\"parameters\":{\"a\":1}}|json: cannot unmarshal number into Go struct field AddObproxyParam.parameters.a of type string"})
    void addBindingErrorsAreGinsTexts(String body, String text) {
        add(body).isMiddlewareError(400, "Common.BindJsonFailed", null, "Bind JSON failed: " + text);
    }

    @Test
    void addWhileAnOdpIsManagedIsRefusedFirst() {
        add(addBody()).isHandlerError(400, "OBProxy.AlreadyManaged", null, "Agent has already managed OBProxy");
    }

    // §2.1 check 2, in its order: home, write access, bin/, lib/, etc/.
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "missing|400|Common.PathNotExist|'/home/admin/obproxy' does not exist",
        "unwritable|400|Common.FilePermissionDenied|No read/write permission for file '/home/admin/obproxy'",
        "no-bin|400|Common.PathNotExist|'/home/admin/obproxy/bin' does not exist",
        "no-lib|400|Common.PathNotExist|'/home/admin/obproxy/lib' does not exist",
        "etc-not-empty|500|Common.DirNotEmpty|Directory '/home/admin/obproxy/etc' is not empty"})
    void addRefusesAHomeAnOdpCannotBeAddedFrom(String layout, int status, String errCode, String message) {
        unmanaged(layout, null);

        add(addBody()).isHandlerError(status, errCode, null, "invalid obproxy home path: " + message);
    }

    @Test
    void addRefusesAHomeThatIsAFile() {
        unmanaged("missing", null);
        control.put("/__emulator/obproxy", "{\"homePath\":\"/home/admin\",\"layout\":\"installed\"}");
        control.put("/__emulator/obproxy", "{\"homePath\":\"" + HOME + "\",\"layout\":\"missing\"}");

        add(addBody("\"127.0.0.1:2881\"", "null", "null", "").replace(HOME, "/home/admin/bin/obproxy"))
                .isHandlerError(400, "Common.PathNotDir", null,
                        "invalid obproxy home path: '/home/admin/bin/obproxy' is not a directory");
    }

    @Test
    void aVersionOutputWithoutOceanBasesVersionIsA500() {
        unmanaged("installed", "obproxy 1.0");

        add(addBody()).isHandlerError(500, "OBProxy.VersionOutputUnexpected", null,
                "Version not found in output: obproxy 1.0");
    }

    @Test
    void aPortOptionThatIsNoIntegerIsRefusedButNoRangeIsChecked() {
        unmanaged("installed", null);

        add(addBody("\"127.0.0.1:2881\"", "null", "{\"listen_port\":\"28x3\"}", ""))
                .isHandlerError(400, "Common.InvalidPort", null, "The port '28x3' is invalid, must be in [1024, 65535]");
        add(addBody("\"127.0.0.1:2881\"", "null", "{\"rpc_listen_port\":\"\"}", ",\"sql_port\":80"))
                .isSuccess();
    }

    @Test
    void anOdpOlderThan400IsRefused() {
        unmanaged("installed", "obproxy (OceanBase 3.2.4.0 1.el7)");

        add(addBody()).isHandlerError(400, "OBProxy.Version.NotSupported", null,
                "OBProxy version 3.2.4.0-1 is lower than the minimum supported version 4.0.0");
    }

    @Test
    void rsListAndConfigUrlTogetherOrNeitherAreRefused() {
        unmanaged("installed", null);

        add(addBody("\"\"", "\"\"", "null", "")).isHandlerError(400, "OBProxy.RsListAndConfigUrl.Conflicted", null,
                "rs_list and config_url cannot be specified at the same time");
        add(addBody("null", "null", "null", "")).isHandlerError(400, "OBProxy.RsListOrConfigUrl.NotSpecified", null,
                "rs_list or config_url must be specified when agent is not cluster agent");
    }

    // §2.1 check 7: proxyro logs in to each address; the last error wins.
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1:2881|wrong|400|MySQL.Error|Error 1045 (28000): Access denied for user 'proxyro'@'127.0.0.1' (using password: YES)",
        "127.0.0.9:2881||500|Common.Unexpected|dial tcp 127.0.0.9:2881: connect: connection refused",
        "1.2.3:2881||400|Common.InvalidIp|invalid observer info: '1.2.3' is not a valid IP address",
        "127.0.0.1:80||400|Common.InvalidPort|invalid observer info: The port '80' is invalid, must be in [1024, 65535]",
        "127.0.0.1:80;127.0.0.9:2881||500|Common.Unexpected|dial tcp 127.0.0.9:2881: connect: connection refused"})
    void theProxyroLoginFailsAsTheDriverSays(String rsList, String password, int status, String errCode,
            String message) {
        unmanaged("installed", null);
        String body = addBody("\"" + rsList + "\"", "null", "null", "")
                .replace("\"proxyro_password\":\"\"", "\"proxyro_password\":\"" + (password == null ? "" : password)
                        + "\"");

        add(body).isHandlerError(status, errCode, null, message);
    }

    @Test
    void theClusterTakesItsConfiguredPasswordAndAnyAddressOfItsList() {
        unmanaged("installed", null);
        emulator.emulatorControl().updateCluster(ClusterUpdate.none().rsList("127.0.0.2:2881", "127.0.0.3:2881")
                .proxyroPassword("Pr0xy#ro"));

        add(addBody("\"127.0.0.9:2881;127.0.0.3:2881\"", "null", "null", "")
                .replace("\"proxyro_password\":\"\"", "\"proxyro_password\":\"Pr0xy#ro\"")).isSuccess();
    }

    @Test
    void addPasswordsReachNeitherTheJournalNorTheDagNorAnError() {
        unmanaged("installed", null);
        emulator.emulatorControl().updateCluster(ClusterUpdate.none().proxyroPassword("Right#Proxyro1"));
        String wrong = addBody().replace("\"proxyro_password\":\"\"", "\"proxyro_password\":\"Wrong#Proxyro2\"")
                .replace("\"obproxy_sys_password\":\"\"", "\"obproxy_sys_password\":\"Sys#Secret3\"");
        ObshellClient.Response refused = client.post(ADD, wrong);
        ObshellClient.Response accepted = client.post(ADD, wrong.replace("Wrong#Proxyro2", "Right#Proxyro1"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        control.put("/__emulator/pacing", "{\"paused\":false,\"stageDelay\":\"0ms\"}");
        String id = accepted.data().path("id").asString();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> "SUCCEED".equals(
                client.get("/api/v1/task/dag/" + id).data().path("state").asString()));

        String everything = refused.body() + client.get("/api/v1/task/dag/" + id).body()
                + control.get("/__emulator/requests").body() + control.get("/__emulator/cluster").body();
        assertThat(everything).doesNotContain("Wrong#Proxyro2", "Right#Proxyro1", "Sys#Secret3")
                .contains("obproxy_sys_password=de1b98f44daade3aa0088cdc15584bcdd5d415e9");
    }

    @Test
    void addWhileAnotherDagHoldsTheLockIsRefusedLast() {
        unmanaged("installed", null);
        holdLockWithAnUpgrade();

        add(addBody()).isHandlerError(500, "Agent.UnderMaintenance", null,
                "Create task 'Add obproxy' failed: " + address() + " is under maintenance");
    }

    @Test
    void anAcceptedAddAnswersItsDag() {
        unmanaged("installed", null);

        JsonNode dag = add(addBody()).isSuccess().data();

        assertDag(dag, "Add obproxy", 4, 4);
    }

    @Test
    void startHasNoRequestCheckAndTakesNoLock() {
        unmanaged("installed", null);
        holdLockWithAnUpgrade();

        JsonNode dag = assertEnvelope(client.post("/api/v1/obproxy/start", "")).isSuccess().data();

        assertDag(dag, "Start obproxy", 2, 1);
    }

    @Test
    void stopNeedsAManagedOdpAndTheLock() {
        JsonNode dag = assertEnvelope(client.post("/api/v1/obproxy/stop", "")).isSuccess().data();
        assertDag(dag, "Stop obproxy", 2, 4);

        assertEnvelope(client.post("/api/v1/obproxy/stop", "")).isHandlerError(500, "Agent.UnderMaintenance", null,
                "Create task 'Stop obproxy' failed: " + address() + " is under maintenance");

        unmanaged("installed", null);
        assertEnvelope(client.post("/api/v1/obproxy/stop", "")).isHandlerError(400, "OBProxy.NotBeManaged", null,
                "This is not an OBProxy agent");
    }

    @Test
    void deleteNeedsTheLockAndAnswers204WithNoBodyWhenNoOdpIsManaged() {
        holdLockWithAnUpgrade();
        assertEnvelope(client.request("DELETE", ADD).send()).isHandlerError(500, "Agent.UnderMaintenance", null,
                "Create task 'Delete obproxy' failed: " + address() + " is under maintenance");
        emulator.emulatorControl().reset();
        control.put("/__emulator/pacing", "{\"paused\":true}");
        client = emulator.withPassword();

        JsonNode dag = assertEnvelope(client.request("DELETE", ADD).send()).isSuccess().data();
        assertDag(dag, "Delete obproxy", 4, 4);

        unmanaged("installed", null);
        ObshellClient.Response none = client.request("DELETE", ADD).send();
        assertThat(none.status()).isEqualTo(204);
        assertThat(none.body()).isEmpty();
        assertThat(none.contentType()).isEqualTo("application/json");
    }

    private static void assertDag(JsonNode dag, String name, int maxStage, int maintenanceType) {
        assertThat(dag.path("name").asString()).isEqualTo(name);
        assertThat(dag.path("stage").asInt()).isEqualTo(1);
        assertThat(dag.path("max_stage").asInt()).isEqualTo(maxStage);
        assertThat(dag.path("maintenance_type").asInt()).isEqualTo(maintenanceType);
        assertThat(dag.path("state").asString()).isEqualTo("READY");
        assertThat(dag.path("operator").asString()).isEqualTo("RUN");
        assertThat(dag.path("id").asString()).startsWith("4");
        assertThat(dag.get("nodes").isNull()).isTrue();
    }
}
