package io.obshell.emulator.obproxy;

import static io.obshell.emulator.EnvelopeAssert.assertEnvelope;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.client.ObshellClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/obproxy/upgrade} refusals before any DAG exists, in obshell's order
 * (envelope-errors.md §2.2 binding, §2.3 rows J–Q). The ODP starts at 4.3.2.0-26.
 */
@EmulatorHttpTest
class UpgradeRequestTest {

    private static final String UPGRADE = "/api/v1/obproxy/upgrade";

    @Autowired
    EmulatorTestClient emulator;

    @Autowired
    ManagedObproxy obproxy;

    ObshellClient client;

    @BeforeEach
    void signedClient() {
        client = emulator.withPassword();
    }

    private ObshellClient.Response upgrade(String body) {
        return client.post(UPGRADE, body);
    }

    private static final String VERSION_REQUIRED =
            "Key: 'UpgradeObproxyParam.Version' Error:Field validation for 'Version' failed on the 'required' tag";
    private static final String RELEASE_REQUIRED =
            "Key: 'UpgradeObproxyParam.Release' Error:Field validation for 'Release' failed on the 'required' tag";

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("{}", VERSION_REQUIRED + "\n" + RELEASE_REQUIRED),
                Arguments.of("{\"release\":\"5.el7\"}", VERSION_REQUIRED),
                Arguments.of("{\"version\":\"4.3.3.0\",\"release\":\"\"}", RELEASE_REQUIRED),
                Arguments.of("{\"version\":1,\"release\":\"5.el7\"}",
                        "json: cannot unmarshal number into Go struct field UpgradeObproxyParam.version of type string"),
                Arguments.of("{\"version\":\"4.3.3.0\",\"release\":[]}",
                        "json: cannot unmarshal array into Go struct field UpgradeObproxyParam.release of type string"),
                Arguments.of("[1]", "json: cannot unmarshal array into Go value of type param.UpgradeObproxyParam"),
                Arguments.of("{\"version\":", "unexpected EOF"),
                Arguments.of("abc", "invalid character 'a' looking for beginning of value"));
    }

    // §2.2: gin's BindJSON texts, no data key.
    @ParameterizedTest
    @MethodSource("badBodies")
    void bindingFailuresAreBindJsonFailed(String body, String detail) {
        assertEnvelope(upgrade(body)).isMiddlewareError(400, "Common.BindJsonFailed", null,
                "Bind JSON failed: " + detail).hasNoDataKey();
    }

    @Test
    void anEmptyBodyReadsAsAnEmptyObject() {
        ObshellClient.Response response = client.request("POST", UPGRADE).send();
        assertEnvelope(response).isMiddlewareError(400, "Common.BindJsonFailed", null,
                "Bind JSON failed: " + VERSION_REQUIRED + "\n" + RELEASE_REQUIRED);
    }

    @Test
    void anUnmanagedObproxyIsRowJ() {
        Obproxy current = obproxy.get();
        obproxy.save(new Obproxy(false, current.running(), current.version(), current.homePath(), current.sqlPort(),
                current.pid()));
        assertEnvelope(upgrade("{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}"))
                .isHandlerError(400, "OBProxy.NotBeManaged", null, "This is not an OBProxy agent").hasNullData();
    }

    // envelope-errors.md §5.1: isObproxyAgent is "home path non-empty", from the model; homePath
    // is obshell's own directory whatever the ODP (reference D3).
    @Test
    void infoReportsTheOdpModel() {
        Obproxy current = obproxy.get();
        obproxy.replace(new Obproxy(true, true, current.version(), "/data/odp", current.sqlPort(), current.pid()));
        JsonNode info = client.get("/api/v1/info").data();
        assertThat(info.path("homePath").asString()).isEqualTo("/home/admin/oceanbase");
        assertThat(info.path("isObproxyAgent").asBoolean()).isTrue();

        obproxy.save(new Obproxy(false, true, current.version(), "/data/odp", current.sqlPort(), current.pid()));
        info = client.get("/api/v1/info").data();
        assertThat(info.path("homePath").asString()).isEqualTo("/home/admin/oceanbase");
        assertThat(info.path("isObproxyAgent").asBoolean()).isFalse();
    }

    @Test
    void aGarbledPidFileIsRowK() throws Exception {
        Files.writeString(pidFile(), "x");
        assertEnvelope(upgrade("{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}"))
                .isHandlerError(500, "Common.Unexpected", null, "strconv.Atoi: parsing \"x\": invalid syntax")
                .hasNullData();
    }

    @Test
    void aStoppedObproxyIsRowL() {
        Obproxy current = obproxy.get();
        obproxy.save(new Obproxy(true, false, current.version(), current.homePath(), current.sqlPort(), 0));
        assertEnvelope(upgrade("{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}"))
                .isHandlerError(400, "OBProxy.NotRunning", null, "OBProxy is not running").hasNullData();
    }

    @Test
    void aMissingPidFileMeansNotRunning() throws Exception {
        Files.delete(pidFile());
        assertEnvelope(upgrade("{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}"))
                .isHandlerError(400, "OBProxy.NotRunning", null, "OBProxy is not running");
    }

    @Test
    void anUninitializedSqlPortIsRowM() {
        Obproxy current = obproxy.get();
        obproxy.save(new Obproxy(true, true, current.version(), current.homePath(), 0, current.pid()));
        assertEnvelope(upgrade("{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}"))
                .isHandlerError(500, "Common.Unexpected", null,
                        "Unexpected error: obproxy sql port has not been initialized");
    }

    @Test
    void aReleaseWithoutDotIsRowN() {
        assertEnvelope(upgrade("{\"version\":\"4.3.3.0\",\"release\":\"5\"}"))
                .isHandlerError(400, "Package.ReleaseFormat.Invalid", null, "Release format 5 is illegal");
    }

    // §3.3: equal versions are rejected too; the build number counts.
    @ParameterizedTest
    @CsvSource({"4.3.2.0,26.el7,4.3.2.0-26", "4.3.2.0,25.el7,4.3.2.0-25", "4.3.1.9,99.el7,4.3.1.9-99",
            "4.3.2,30.el7,4.3.2-30"})
    void aTargetNotAboveTheCurrentVersionIsRowO(String version, String release, String target) {
        assertEnvelope(upgrade("{\"version\":\"" + version + "\",\"release\":\"" + release + "\"}"))
                .isHandlerError(400, "OBProxy.UpgradeToLowerVersion", null, "Target version " + target
                        + " is not greater than current version 4.3.2.0-26. "
                        + "Please verify if the parameters have been filled out correctly");
    }

    @Test
    void anInvalidUpgradeDirIsRowP() {
        assertEnvelope(upgrade("{\"version\":\"4.3.3.0\",\"release\":\"5.el7\",\"upgrade_dir\":\"/a/../../b\"}"))
                .isHandlerError(400, "Common.InvalidPath", null, "Path '/a/../../b' is not valid: should not lead "
                        + "to directory traversal issues when joined with a generated parent path");
    }

    @Test
    void aBlankUpgradeDirIsNotChecked() {
        // Whitespace only: obshell skips the check and uses the home path; the package lookup answers next.
        assertEnvelope(upgrade("{\"version\":\"4.3.3.0\",\"release\":\"5.el7\",\"upgrade_dir\":\"  \"}"))
                .isHandlerError(400, "OBProxy.Package.NotFound", null,
                        "Package obproxy-ce-4.3.3.0-5.el7.x86_64.rpm is not found");
    }

    // §3.4: blank means Go's strings.TrimSpace (unicode.IsSpace), not Java's trim().
    @ParameterizedTest
    @CsvSource({"'\u00a0'", "'\u3000'", "'\u0085 \u2003'"})
    void anUpgradeDirOfUnicodeSpacesIsBlankToo(String blank) {
        assertEnvelope(upgrade("{\"version\":\"4.3.3.0\",\"release\":\"5.el7\",\"upgrade_dir\":\"" + blank + "\"}"))
                .isHandlerError(400, "OBProxy.Package.NotFound", null,
                        "Package obproxy-ce-4.3.3.0-5.el7.x86_64.rpm is not found");
    }

    @Test
    void anUpgradeDirOfControlCharactersIsNotBlank() {
        // Java's trim() strips U+0001; Go's TrimSpace keeps it, so the path check runs and fails.
        assertEnvelope(upgrade("{\"version\":\"4.3.3.0\",\"release\":\"5.el7\",\"upgrade_dir\":\"\\u0001\"}"))
                .isHandlerError(400, "Common.InvalidPath", null, "Path '\u0001' is not valid: should start with '/'");
    }

    @Test
    void noMatchingPackageIsRowQ() {
        assertEnvelope(upgrade("{\"version\":\"4.3.3.0\",\"release\":\"5.el7\",\"upgrade_dir\":\"/data/up\"}"))
                .isHandlerError(400, "OBProxy.Package.NotFound", null,
                        "Package obproxy-ce-4.3.3.0-5.el7.x86_64.rpm is not found")
                .hasNullData();
    }

    @Test
    void theObHeaderIsNotEnoughOnObproxyRoutes() {
        ObshellClient.Response response = client.request("POST", UPGRADE)
                .headerType(ObshellClient.HeaderType.OCEANBASE).body("{}").send();
        assertEnvelope(response).isMiddlewareError(400, "Request.Header.NotFound", null,
                "X-OCS-Agent-Header or X-OCS-Header not found in http request header");
    }

    @Test
    void aWrongMethodIsNotFoundWithoutAuth() {
        ObshellClient.Response response = emulator.signingWith(null).request("GET", UPGRADE)
                .headerType(ObshellClient.HeaderType.NONE).send();
        assertEnvelope(response).isMiddlewareError(404, "Common.NotFound", null, "Element not found: 404 not found");
    }

    private Path pidFile() {
        return obproxy.home().resolve("run/obproxy.pid");
    }
}
