package io.obshell.emulator.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import io.obshell.emulator.ControlHttp;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.obproxy.UpgradeObproxyDag;
import io.obshell.emulator.task.DagFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A black-box test can start the emulator with faults armed and a password set; a reset puts
 * both back to that configuration.
 */
@EmulatorHttpTest
@TestPropertySource(properties = {
        "obshell.agent.password=" + ConfiguredFaultsTest.CONFIGURED_PASSWORD,
        "obshell.emulator.stage-delay=0",
        "obshell.emulator.faults[0].task=Create upgrade dir",
        "obshell.emulator.faults[0].times=1",
        "obshell.emulator.faults[0].err-code=OBProxy.Configured",
        "obshell.emulator.faults[0].message=armed at start-up for ${version}",
        "obshell.emulator.faults[1].task=Hot restart obproxy",
        "obshell.emulator.faults[1].fail=false",
        "obshell.emulator.faults[1].delay=250ms"})
class ConfiguredFaultsTest {

    static final String CONFIGURED_PASSWORD = "Configured#Pwd1";

    @Autowired
    EmulatorTestClient emulator;
    @Autowired
    DagFactory dags;
    @Autowired
    UpgradeObproxyDag upgrade;
    @Autowired
    JsonMapper json;

    ControlHttp control;

    @BeforeEach
    void start() {
        control = emulator.control();
    }

    @Test
    void configuredRulesAreArmedAtStartUp() {
        List<JsonNode> rules = control.get("/__emulator/faults").json().valueStream().toList();

        assertThat(rules).hasSize(2);
        assertThat(rules.get(0).path("task").asString()).isEqualTo("Create upgrade dir");
        assertThat(rules.get(0).path("times").asInt()).isEqualTo(1);
        assertThat(rules.get(0).path("errCode").asString()).isEqualTo("OBProxy.Configured");
        assertThat(rules.get(1).path("fail").asBoolean()).isFalse();
        assertThat(rules.get(1).path("delay").asString()).isEqualTo("PT0.25S");
    }

    @Test
    void configuredFaultFiresAndResetArmsItAgain() {
        ObshellClient client = emulator.signingWith(CONFIGURED_PASSWORD);
        String id = createUpgrade();
        JsonNode dag = await().atMost(Duration.ofSeconds(20)).until(() -> client.get("/api/v1/task/dag/" + id).data(),
                d -> d.path("state").asString().equals("FAILED"));
        assertThat(dag.path("nodes").get(0).path("sub_tasks").get(0).path("task_logs").valueStream()
                .map(JsonNode::asString).toList()).last().isEqualTo("ERROR: [OBProxy.Configured]: armed at start-up for 4.3.3.2");
        assertThat(control.get("/__emulator/faults").json().get(0).path("remaining").asInt()).isZero();
        control.delete("/__emulator/faults");

        emulator.emulatorControl().reset();

        List<JsonNode> rules = control.get("/__emulator/faults").json().valueStream().toList();
        assertThat(rules).hasSize(2);
        assertThat(rules.get(0).path("remaining").asInt()).isEqualTo(1);
    }

    @Test
    void resetPutsTheConfiguredPasswordBack() {
        ObshellClient configured = emulator.signingWith(CONFIGURED_PASSWORD);
        assertThat(configured.post("/api/v1/agent/password", "{\"password\": \"changed-by-a-test\"}").status())
                .isEqualTo(200);
        assertThat(configured.post("/api/v1/agent/password", "{\"password\": \"x\"}").status()).isEqualTo(401);

        emulator.emulatorControl().reset();

        assertThat(configured.get("/api/v1/task/dags/agent").status()).isEqualTo(200);
        assertThat(emulator.signingWith("changed-by-a-test").get("/api/v1/task/dags/agent").status()).isEqualTo(401);
    }

    private String createUpgrade() {
        return json.valueToTree(dags.create(upgrade,
                new UpgradeObproxyDag.Params("/home/admin/obproxy/obproxy-upgrade-dir-1", "4.3.3.2", "5", "el7", "5.el7"))).path("id").asString();
    }
}
