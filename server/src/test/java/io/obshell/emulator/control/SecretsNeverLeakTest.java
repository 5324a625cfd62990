package io.obshell.emulator.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import io.obshell.emulator.ControlHttp;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.client.ObshellClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Passwords and AES keys a client sends never show up in the journal, the server's log output,
 * or any control-plane response: set, used, wrong, inside bodies, inside malformed bodies.
 */
@EmulatorHttpTest
@ExtendWith(OutputCaptureExtension.class)
class SecretsNeverLeakTest {

    private static final String AGENT_PASSWORD = "Canary-Agent-7f3e1a";
    private static final String WRONG_PASSWORD = "Canary-Wrong-0b9d44";
    private static final String BODY_PASSWORD = "Canary-Body-5c21e8";
    private static final String MALFORMED_PASSWORD = "Canary-Broken-93aa0f";
    private static final byte[] KEYS = "0123456789abcdefFEDCBA9876543210".getBytes();

    @Autowired
    EmulatorTestClient emulator;

    ControlHttp control;

    @BeforeEach
    void start() {
        control = emulator.control();
    }

    @Test
    void passwordsAndKeysAppearNowhere(CapturedOutput output) {
        ObshellClient anonymous = emulator.signingWith(null);
        assertThat(anonymous.post("/api/v1/agent/password", "{\"password\": \"" + AGENT_PASSWORD + "\"}").status())
                .isEqualTo(200);
        ObshellClient agent = emulator.signingWith(AGENT_PASSWORD);
        assertThat(agent.get("/api/v1/info").status()).isEqualTo(200);
        assertThat(agent.request("POST", "/api/v1/obproxy/probe").keys(KEYS)
                .body("{\"password\": \"" + BODY_PASSWORD + "\", \"Agent_Pwd\": \"" + BODY_PASSWORD + "\"}")
                .send().status()).isEqualTo(200);
        assertThat(emulator.signingWith(WRONG_PASSWORD).post("/api/v1/obproxy/probe", "{}").status()).isEqualTo(401);
        agent.request("POST", "/api/v1/agent/password").body("{\"password\": \"" + MALFORMED_PASSWORD + "\"").send();
        agent.request("POST", "/api/v1/agent/password").body("password=" + MALFORMED_PASSWORD).send();
        control.post("/__emulator/faults", "{\"task\": \"Create upgrade dir\", \"message\": \"x\"}");

        List<String> seen = new ArrayList<>();
        for (String route : List.of("/__emulator/requests", "/__emulator/faults", "/__emulator/pacing",
                "/__emulator/obproxy", "/__emulator/health")) {
            ControlHttp.Response response = control.get(route);
            assertThat(response.status()).isEqualTo(200);
            seen.add(response.body());
        }
        seen.add(control.post("/__emulator/reset", null).body());
        String journal = seen.get(0);
        assertThat(journal).contains("/api/v1/agent/password", "/api/v1/obproxy/probe", "***");

        assertThat(output.getAll()).as("the capture sees the server's log").contains("emulator reset");
        List<String> secrets = List.of(AGENT_PASSWORD, WRONG_PASSWORD, BODY_PASSWORD, MALFORMED_PASSWORD,
                Base64.getEncoder().encodeToString(KEYS), new String(KEYS), HexFormat.of().formatHex(KEYS));
        for (String secret : secrets) {
            assertThat(seen).as("control responses").noneMatch(body -> body.contains(secret));
            assertThat(output.getAll()).as("log output").doesNotContain(secret);
        }
    }
}
