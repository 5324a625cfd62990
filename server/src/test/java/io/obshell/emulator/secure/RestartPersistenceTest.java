package io.obshell.emulator.secure;

import static io.obshell.emulator.EnvelopeAssert.UNAUTHORIZED;
import static io.obshell.emulator.EnvelopeAssert.assertEnvelope;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
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
 * The key pair and the agent password survive a restart on the same data directory (auth.md §1
 * "the key survives restarts", §4.4): two real server lifetimes, one after the other.
 */
class RestartPersistenceTest {

    private static final String PASSWORD = "Restart#Pwd1";

    private final Path dataDir = Path.of("target", "test-data", "restart-" + UUID.randomUUID());

    @Test
    void publicKeyAndAgentPasswordSurviveARestart() {
        String publicKeyBefore;
        try (ConfigurableApplicationContext first = startEmulator()) {
            ObshellClient anonymous = ObshellClient.create(baseUri(first), null);
            publicKeyBefore = publicKey(anonymous);
            ObshellClient.Response set = anonymous.request("POST", "/api/v1/agent/password")
                    .headerType(HeaderType.OCEANBASE).auth("").body("{\"password\":\"" + PASSWORD + "\"}").send();
            assertEnvelope(set).isSuccess();
        }

        try (ConfigurableApplicationContext second = startEmulator()) {
            ObshellClient anonymous = ObshellClient.create(baseUri(second), null);
            assertThat(publicKey(anonymous)).isEqualTo(publicKeyBefore);
            assertThat(anonymous.get("/api/v1/info").data().get("security").booleanValue()).isTrue();

            ObshellClient signed = ObshellClient.create(baseUri(second), PASSWORD);
            assertEnvelope(signed.post("/api/v1/obproxy/probe", "{}")).isSuccess();
            assertEnvelope(ObshellClient.create(baseUri(second), "other").post("/api/v1/obproxy/probe", "{}"))
                    .isMiddlewareError(401, "Security.Authentication.IncorrectAgentPassword", UNAUTHORIZED,
                            "Unauthorized: Agent password is incorrect");
        }
    }

    private ConfigurableApplicationContext startEmulator() {
        return new SpringApplicationBuilder(EmulatorApplication.class, PolicyProbeController.class)
                .run("--server.port=0", "--obshell.data-dir=" + dataDir);
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
