package io.obshell.emulator.secure;

import static io.obshell.emulator.EnvelopeAssert.assertEnvelope;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Base64;

import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.client.ObshellClient.HeaderType;
import io.obshell.emulator.junit.ObshellEmulatorExtension;
import io.obshell.emulator.junit.StandaloneEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key follows the configured version (reference D6): 512 bits before 4.4.2.0, 1024 from
 * it. The same data directory started under another version gets a key of that version's size,
 * and keeps its agent password, as 4.4.2.0's EnsureKeySize re-encrypts it.
 */
class KeySizeByVersionTest {

    private static final String PASSWORD = "KeySize#Pwd1";
    /** A route that verifies the agent password (401 with a wrong one). */
    private static final String SIGNED = "/api/v1/task/dags/agent";

    @TempDir
    Path dataDir;

    /**
     * One data directory under three versions in turn, each a process of its own: a sequence
     * within one test, which the extension's per-class and per-method lifecycles cannot express,
     * so the emulators are started and stopped through its programmatic side.
     */
    @Test
    void theKeySizeFollowsTheVersionAcrossRestartsAndThePasswordSurvives() {
        try (StandaloneEmulator legacy = start("4.3.1.0")) {
            ObshellClient anonymous = legacy.client();
            String key = publicKey(anonymous);
            // A 512-bit PKCS#1 key is 74 bytes: what a 4.3.x to 4.4.1 agent publishes.
            assertThat(key).startsWith("MEgCQQ");
            assertThat(Base64.getDecoder().decode(key)).hasSize(74);
            assertEnvelope(anonymous.request("POST", "/api/v1/agent/password").headerType(HeaderType.OCEANBASE)
                    .auth("").body("{\"password\":\"" + PASSWORD + "\"}").send()).isSuccess();
            assertEnvelope(legacy.client(PASSWORD).get(SIGNED)).isSuccess();
        }
        try (StandaloneEmulator current = start("4.4.2.0")) {
            ObshellClient anonymous = current.client();
            assertThat(publicKey(anonymous)).startsWith("MIGJAoGBA");
            assertThat(anonymous.get("/api/v1/info").data().get("security").booleanValue()).isTrue();
            assertEnvelope(current.client(PASSWORD).get(SIGNED)).isSuccess();
        }
        try (StandaloneEmulator legacyAgain = start("4.4.1.1")) {
            assertThat(publicKey(legacyAgain.client())).startsWith("MEgCQQ");
            assertEnvelope(legacyAgain.client(PASSWORD).get(SIGNED)).isSuccess();
        }
    }

    /** No agent password configured: the agent starts "not initialized", as a fresh obshell does. */
    private StandaloneEmulator start(String version) {
        return ObshellEmulatorExtension.builder().agentPassword(null).dataDir(dataDir)
                .property("obshell.agent.version", version).start();
    }

    private static String publicKey(ObshellClient client) {
        ObshellClient.Response secret = client.request("GET", "/api/v1/secret").headerType(HeaderType.NONE).send();
        return assertEnvelope(secret).isSuccess().data().get("public_key").stringValue();
    }
}
