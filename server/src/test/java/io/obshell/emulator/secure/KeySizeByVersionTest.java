package io.obshell.emulator.secure;

import static io.obshell.emulator.EnvelopeAssert.assertEnvelope;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;

import io.obshell.emulator.EmulatorApplication;
import io.obshell.emulator.PolicyProbeController;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.client.ObshellClient.HeaderType;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The key follows the configured version (reference D6): 512 bits before 4.4.2.0, 1024 from
 * it. The same data directory started under another version gets a key of that version's size,
 * and keeps its agent password, as 4.4.2.0's EnsureKeySize re-encrypts it.
 */
class KeySizeByVersionTest {

    private static final String PASSWORD = "KeySize#Pwd1";

    private final Path dataDir = Path.of("target", "test-data", "keysize-" + UUID.randomUUID());

    @Test
    void theKeySizeFollowsTheVersionAcrossRestartsAndThePasswordSurvives() {
        try (ConfigurableApplicationContext legacy = start("4.3.1.0")) {
            ObshellClient anonymous = ObshellClient.create(baseUri(legacy), null);
            String key = publicKey(anonymous);
            // A 512-bit PKCS#1 key is 74 bytes: what a 4.3.x to 4.4.1 agent publishes.
            assertThat(key).startsWith("MEgCQQ");
            assertThat(Base64.getDecoder().decode(key)).hasSize(74);
            assertEnvelope(anonymous.request("POST", "/api/v1/agent/password").headerType(HeaderType.OCEANBASE)
                    .auth("").body("{\"password\":\"" + PASSWORD + "\"}").send()).isSuccess();
            assertEnvelope(ObshellClient.create(baseUri(legacy), PASSWORD).post("/api/v1/obproxy/probe", "{}"))
                    .isSuccess();
        }
        try (ConfigurableApplicationContext current = start("4.4.2.0")) {
            ObshellClient anonymous = ObshellClient.create(baseUri(current), null);
            assertThat(publicKey(anonymous)).startsWith("MIGJAoGBA");
            assertThat(anonymous.get("/api/v1/info").data().get("security").booleanValue()).isTrue();
            assertEnvelope(ObshellClient.create(baseUri(current), PASSWORD).post("/api/v1/obproxy/probe", "{}"))
                    .isSuccess();
        }
        try (ConfigurableApplicationContext legacyAgain = start("4.4.1.1")) {
            assertThat(publicKey(ObshellClient.create(baseUri(legacyAgain), null))).startsWith("MEgCQQ");
            assertEnvelope(ObshellClient.create(baseUri(legacyAgain), PASSWORD).post("/api/v1/obproxy/probe", "{}"))
                    .isSuccess();
        }
    }

    private ConfigurableApplicationContext start(String version) {
        return new SpringApplicationBuilder(EmulatorApplication.class, PolicyProbeController.class)
                .run("--server.port=0", "--obshell.data-dir=" + dataDir, "--obshell.agent.version=" + version);
    }

    private static URI baseUri(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port);
    }

    private static String publicKey(ObshellClient client) {
        ObshellClient.Response secret = client.request("GET", "/api/v1/secret").headerType(HeaderType.NONE).send();
        return assertEnvelope(secret).isSuccess().data().get("public_key").stringValue();
    }
}
