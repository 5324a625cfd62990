package io.obshell.emulator.secure;

import static io.obshell.emulator.EnvelopeAssert.UNAUTHORIZED;
import static io.obshell.emulator.EnvelopeAssert.assertEnvelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.client.ObshellClient.HeaderType;
import io.obshell.emulator.junit.EmulatorLifecycle;
import io.obshell.emulator.junit.ObshellEmulator;
import io.obshell.emulator.junit.ObshellEmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The key pair and the agent password survive a restart on the same data directory (auth.md §1
 * "the key survives restarts", §4.4): two real server lifetimes, one after the other.
 */
class RestartPersistenceTest {

    private static final String PASSWORD = "Restart#Pwd1";

    @RegisterExtension
    static ObshellEmulatorExtension emulator = ObshellEmulatorExtension.builder()
            .agentPassword(null)
            .lifecycle(EmulatorLifecycle.PER_METHOD)
            .build();

    @Test
    void publicKeyAndAgentPasswordSurviveARestart(ObshellEmulator running) {
        ObshellClient anonymous = running.client(null);
        String publicKeyBefore = publicKey(anonymous);
        ObshellClient.Response set = anonymous.request("POST", "/api/v1/agent/password")
                .headerType(HeaderType.OCEANBASE).auth("").body("{\"password\":\"" + PASSWORD + "\"}").send();
        assertEnvelope(set).isSuccess();

        running.restart();

        ObshellClient afterRestart = running.client(null);
        assertThat(publicKey(afterRestart)).isEqualTo(publicKeyBefore);
        assertThat(afterRestart.get("/api/v1/info").data().get("security").booleanValue()).isTrue();
        // past the agent-password check, the upgrade route finds its body empty
        ObshellClient.Response signed = running.client(PASSWORD).post("/api/v1/obproxy/upgrade", "{}");
        assertThat(signed.status()).as(signed.body()).isEqualTo(400);
        assertThat(signed.errCode()).doesNotStartWith("Security.");
        assertEnvelope(running.client("other").post("/api/v1/obproxy/upgrade", "{}"))
                .isMiddlewareError(401, "Security.Authentication.IncorrectAgentPassword", UNAUTHORIZED,
                        "Unauthorized: Agent password is incorrect");
    }

    private static String publicKey(ObshellClient client) {
        ObshellClient.Response secret = client.request("GET", "/api/v1/secret").headerType(HeaderType.NONE).send();
        return assertEnvelope(secret).isSuccess().data().get("public_key").stringValue();
    }
}
