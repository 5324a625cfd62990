package io.obshell.emulator.api;

import static io.obshell.emulator.EnvelopeAssert.assertEnvelope;

import java.nio.file.Files;
import java.nio.file.Path;

import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.obproxy.ManagedObproxy;
import io.obshell.emulator.obproxy.Obproxy;
import io.obshell.emulator.obproxy.ObproxySql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Accept-Language over real HTTP, one error of each family: obshell writes the zh.json text
 * when the header negotiates Chinese, wraps a plain Go error in its Unexpected entry whenever a
 * language is negotiated, and leaves messages alone for a header x/text cannot parse.
 */
@EmulatorHttpTest
class LocalisedErrorsTest {

    private static final String UPGRADE = "/api/v1/obproxy/upgrade";
    private static final String TARGET = "{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}";

    @Autowired
    EmulatorTestClient emulator;
    @Autowired
    ManagedObproxy obproxy;
    @Autowired
    ObproxySql sql;

    ObshellClient client;

    @BeforeEach
    void signedIn() {
        client = emulator.withPassword();
    }

    private ObshellClient.Response get(String path, String language) {
        return client.request("GET", path).header("Accept-Language", language).send();
    }

    private ObshellClient.Response post(String path, String body, String language) {
        return client.request("POST", path).body(body).header("Accept-Language", language).send();
    }

    @Test
    void common() {
        assertEnvelope(get("/api/v1/nowhere", "zh-CN")).isMiddlewareError(404, "Common.NotFound", null,
                "未找到资源：404 not found");
        assertEnvelope(post(UPGRADE, "{\"release\":\"5.el7\"}", "zh")).isMiddlewareError(400,
                "Common.BindJsonFailed", null, "绑定 JSON 失败：Key: 'UpgradeObproxyParam.Version' "
                        + "Error:Field validation for 'Version' failed on the 'required' tag");
        // The cluster-only routes' built-in Unexpected entry.
        assertEnvelope(get("/api/v1/task/dags/ob", "zh-TW")).isMiddlewareError(500, "Common.Unexpected", null,
                "非预期错误：ocsagent cannot build response body");
    }

    @Test
    void aPlainGoErrorIsWrappedInUnexpectedOnceALanguageIsNegotiated() throws Exception {
        Path pidFile = obproxy.home().resolve("run/obproxy.pid");
        Files.writeString(pidFile, "x");
        assertEnvelope(post(UPGRADE, TARGET, "zh-CN")).isHandlerError(500, "Common.Unexpected", null,
                "非预期错误：strconv.Atoi: parsing \"x\": invalid syntax");
        assertEnvelope(post(UPGRADE, TARGET, "fr")).isHandlerError(500, "Common.Unexpected", null,
                "Unexpected error: strconv.Atoi: parsing \"x\": invalid syntax");
        // A browser's list is not one tag: language.Parse refuses it and nothing changes.
        assertEnvelope(post(UPGRADE, TARGET, "zh-CN,zh;q=0.9")).isHandlerError(500, "Common.Unexpected", null,
                "strconv.Atoi: parsing \"x\": invalid syntax");
    }

    @Test
    void security() {
        assertEnvelope(emulator.signingWith("wrong").request("POST", UPGRADE).body(TARGET)
                .header("Accept-Language", "zh-CN").send()).isMiddlewareError(401,
                        "Security.Authentication.IncorrectAgentPassword", 10008, "认证失败: agent 密码不正确");
        assertEnvelope(client.request("POST", UPGRADE).body(TARGET).rawHeaderValue("not base64!")
                .header("Accept-Language", "zh-CN").send()).isDecryptError(401,
                        "Security.Authentication.Header.DecryptFailed", 1,
                        "解密 HTTP 请求头失败：illegal base64 data at input byte 3");
    }

    @Test
    void request() {
        assertEnvelope(client.request("POST", UPGRADE).body(TARGET).headerType(ObshellClient.HeaderType.NONE)
                .header("Accept-Language", "zh").send()).isMiddlewareError(400, "Request.Header.NotFound", null,
                        "HTTP 请求头中未找到 X-OCS-Agent-Header 或 X-OCS-Header");
    }

    @Test
    void obproxyAndPackage() throws Exception {
        assertEnvelope(post(UPGRADE, "{\"version\":\"4.3.3.0\",\"release\":\"5\"}", "zh-CN")).isHandlerError(400,
                "Package.ReleaseFormat.Invalid", null, "release 格式 5 不合法");
        assertEnvelope(post(UPGRADE, TARGET, "zh-CN")).isHandlerError(400, "OBProxy.Package.NotFound", null,
                "未找到包 obproxy-ce-4.3.3.0-5.el7.x86_64.rpm");
        Obproxy current = obproxy.get();
        obproxy.save(new Obproxy(true, false, current.version(), current.homePath(), current.sqlPort(), 0));
        assertEnvelope(post(UPGRADE, TARGET, "zh-CN")).isHandlerError(400, "OBProxy.NotRunning", null,
                "OBProxy 未运行");
    }

    @Test
    void mysql() {
        sql.set(ObproxySql.Failure.ERROR, ObproxySql.DEFAULT_ERROR);
        assertEnvelope(post(UPGRADE, TARGET, "zh-CN")).isHandlerError(400, "MySQL.Error", null,
                "SQL 执行出错: load obproxy instance failed: " + ObproxySql.DEFAULT_ERROR);
        assertEnvelope(post(UPGRADE, TARGET, "en")).isHandlerError(400, "MySQL.Error", null,
                "MySQL error: load obproxy instance failed: " + ObproxySql.DEFAULT_ERROR);
    }

    @Test
    void task() {
        String prefix = "4" + String.format("%010d", 2130706433L) + String.format("%05d", emulator.port());
        assertEnvelope(get("/api/v1/task/dag/" + prefix + "99", "zh-CN")).isMiddlewareError(404, "Task.NotFound",
                null, "未找到任务: record not found");
        assertEnvelope(get("/api/v1/task/dag/maintain/agent", "zh-CN")).isMiddlewareError(404, "Task.NotFound",
                null, "未找到任务：Agent is not under maintenance");
        assertEnvelope(get("/api/v1/task/dag/4abcdefghij288611", "zh-CN")).isMiddlewareError(400,
                "Task.GenericID.Invalid", null, "无效的任务通用 ID：4abcdefghij288611: convert id to bigInt failed");
        assertEnvelope(post("/api/v1/task/node/" + prefix + "99", "{\"operator\":\"retry\"}", "zh-CN"))
                .isMiddlewareError(400, "Task.Node.Operator.NotSupport", null, "不支持的任务操作 'retry'");
    }

    @Test
    void agentUnderMaintenanceInsideTaskCreateFailed(@org.junit.jupiter.api.io.TempDir Path dir) {
        emulator.emulatorControl().pause();
        Path rpm = io.obshell.emulator.pkg.TestRpms.obproxy("4.3.3.0").release("5.el7").build(dir);
        assertEnvelope(client.upload("/api/v1/obproxy/package", "obproxy.rpm", rpm)).isSuccess();
        assertEnvelope(post(UPGRADE, TARGET, "zh-CN")).isSuccess();
        assertEnvelope(post(UPGRADE, TARGET, "zh-CN")).isHandlerError(500, "Agent.UnderMaintenance", null,
                "创建任务 'Upgrade obproxy' 失败: 127.0.0.1:" + emulator.port() + " 处于运维状态中");
    }

    @Test
    void theRecoveryAnswerIsNeverLocalised() {
        assertEnvelope(get("/api/v1/task/dag/maintain/agents", "zh-CN")).isPanic();
    }
}
