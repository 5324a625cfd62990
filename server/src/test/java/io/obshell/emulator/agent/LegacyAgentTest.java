package io.obshell.emulator.agent;

import static io.obshell.emulator.EnvelopeAssert.assertEnvelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.obproxy.UpgradeObproxyDag;
import io.obshell.emulator.task.DagFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A 4.3.1.0 agent with its own home and release (reference D3, D6, D10): a 512-bit key, and
 * {@code dags/agent} detailed whatever {@code show_details} says, as before obshell #576.
 */
@EmulatorHttpTest
@TestPropertySource(properties = {"obshell.agent.version=4.3.1.0", "obshell.agent.home-path=/opt/obshell",
        "obshell.agent.release=102000032025070310.el7"})
class LegacyAgentTest {

    @Autowired
    EmulatorTestClient emulator;
    @Autowired
    DagFactory dags;
    @Autowired
    UpgradeObproxyDag upgrade;

    @Test
    void identityRoutesReportTheConfiguredHomeReleaseAndKey() {
        ObshellClient client = emulator.withPassword();
        JsonNode info = assertEnvelope(client.get("/api/v1/info")).isSuccess().data();
        assertThat(info.path("homePath").asString()).isEqualTo("/opt/obshell");
        assertThat(info.path("version").asString()).isEqualTo("4.3.1.0");
        assertThat(client.get("/api/v1/status").data().path("version").asString())
                .isEqualTo("4.3.1.0-102000032025070310.el7");
        assertThat(client.get("/api/v1/secret").data().path("public_key").asString()).startsWith("MEgCQQ");
    }

    @Test
    void dagsAgentIgnoresShowDetailsBefore4320() {
        ObshellClient client = emulator.withPassword();
        dags.create(upgrade,
                new UpgradeObproxyDag.Params("/home/admin/obproxy/x", "4.3.3.0", "5", "el7", "5.el7"));
        for (String query : new String[] {"?show_details=false", "?show_details=yes", ""}) {
            JsonNode dag = assertEnvelope(client.get("/api/v1/task/dags/agent" + query)).isSuccess().data()
                    .get("contents").get(0);
            assertThat(dag.get("nodes")).hasSize(10);
        }
        // The other lists did honour it.
        assertEnvelope(client.get("/api/v1/task/dag/unfinish?show_details=yes")).isPanic();
    }
}
