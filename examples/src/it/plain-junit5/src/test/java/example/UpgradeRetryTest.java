package example;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;

import io.obshell.emulator.client.EmulatorControl;
import io.obshell.emulator.client.Fault;
import io.obshell.emulator.client.FaultRule;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.junit.ObshellEmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A fault fails the upgrade at its hot restart; a RETRY carries it through. */
class UpgradeRetryTest {

    @RegisterExtension
    static ObshellEmulatorExtension emulator = ObshellEmulatorExtension.builder()
            .agentPassword("secret")
            .stageDelay(Duration.ZERO)
            .build();

    @Test
    void aFailedHotRestartSucceedsOnRetry(ObshellClient client, EmulatorControl control, @TempDir Path dir) {
        Path rpm = ObproxyPackages.build("4.3.3.0", "5.el7", dir);
        assertEquals(200, client.upload("/api/v1/obproxy/package", rpm.getFileName().toString(), rpm).status());
        FaultRule fault = control.armFault(Fault.on("Hot restart obproxy").times(1)
                .errCode("OBProxy.HotRestartFailed").message("hot restart failed"));

        String id = client.post("/api/v1/obproxy/upgrade", "{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}")
                .data().path("id").asString();
        JsonNode failed = awaitState(client, id, "FAILED");
        assertEquals(8, failed.path("stage").asInt());
        assertEquals(1, control.fault(fault.id()).fired());

        assertEquals(200, client.post("/api/v1/task/dag/" + id, "{\"operator\":\"RETRY\"}").status());
        awaitState(client, id, "SUCCEED");
        assertEquals("4.3.3.0-5", control.obproxy().version());
    }

    @Test
    void eachTestStartsFromTheConfiguredState(EmulatorControl control) {
        // the extension reset the emulator: no fault left from the other test, the ODP as configured
        assertEquals(0, control.faults().size());
        assertEquals("4.3.2.0-26", control.obproxy().version());
    }

    private static JsonNode awaitState(ObshellClient client, String id, String state) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> client.get("/api/v1/task/dag/" + id + "?show_details=false").data(),
                dag -> state.equals(dag.path("state").asString()));
    }
}
