package example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.obshell.emulator.client.EmulatorControl;
import io.obshell.emulator.client.Fault;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.junit.ObshellEmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same upgrade story inside a Spring Boot 3 test: the application's Jackson 2 reads the
 * agent's answers while the emulator's client (Jackson 3) sends the requests, in one JVM.
 */
@SpringBootTest
class UpgradeRetryOnSpringBoot3Test {

    @RegisterExtension
    static ObshellEmulatorExtension emulator = ObshellEmulatorExtension.builder()
            .agentPassword("secret")
            .stageDelay(Duration.ZERO)
            .build();

    @DynamicPropertySource
    static void obshell(DynamicPropertyRegistry registry) {
        registry.add("obshell.url", () -> emulator.baseUri().toString());
    }

    @Autowired
    ObjectMapper jackson2;

    @Autowired
    org.springframework.core.env.Environment environment;

    @Test
    void aFailedHotRestartSucceedsOnRetry(ObshellClient client, EmulatorControl control, @TempDir Path dir)
            throws Exception {
        assertThat(SpringBootVersion.getVersion()).startsWith("3.");
        assertThat(environment.getProperty("obshell.url")).isEqualTo(client.baseUri().toString());
        Path rpm = ObproxyPackages.build("4.3.3.0", "5.el7", dir);
        assertThat(client.upload("/api/v1/obproxy/package", rpm.getFileName().toString(), rpm).status()).isEqualTo(200);
        control.armFault(Fault.on("Hot restart obproxy").times(1).errCode("OBProxy.HotRestartFailed")
                .message("hot restart failed"));

        String answer = client.post("/api/v1/obproxy/upgrade", "{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}").body();
        String id = jackson2.readTree(answer).path("data").path("id").asText();
        JsonNode failed = awaitState(client, id, "FAILED");
        assertThat(failed.path("stage").asInt()).isEqualTo(8);

        assertThat(client.post("/api/v1/task/dag/" + id, "{\"operator\":\"RETRY\"}").status()).isEqualTo(200);
        awaitState(client, id, "SUCCEED");
        assertThat(control.obproxy().version()).isEqualTo("4.3.3.0-5");
    }

    private JsonNode awaitState(ObshellClient client, String id, String state) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> jackson2.readTree(client.get("/api/v1/task/dag/" + id + "?show_details=false").body()).path("data"),
                dag -> state.equals(dag.path("state").asText()));
    }
}
