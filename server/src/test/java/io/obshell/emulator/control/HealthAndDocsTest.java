package io.obshell.emulator.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.obshell.emulator.ControlHttp;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** /__emulator/health, Actuator's probes, the OpenAPI document and Swagger UI: none in the envelope. */
@EmulatorHttpTest
class HealthAndDocsTest {

    @Autowired
    EmulatorTestClient emulator;

    ControlHttp http;

    @BeforeEach
    void start() {
        http = emulator.control();
    }

    @Test
    void healthReportsVersionsAndUptime() {
        ControlHttp.Response response = http.get("/__emulator/health");

        assertThat(response.status()).isEqualTo(200);
        JsonNode health = response.json();
        assertThat(health.path("status").asString()).isEqualTo("UP");
        // From META-INF/build-info.properties, which the Maven build writes.
        assertThat(health.path("emulatorVersion").asString()).isEqualTo("0.1.0-SNAPSHOT");
        assertThat(health.path("agentVersion").asString()).isEqualTo("4.5.0.0");
        assertThat(Duration.parse(health.path("uptime").asString())).isGreaterThanOrEqualTo(Duration.ZERO);
        assertThat(health.path("uptimeSeconds").asLong()).isNotNegative();
        assertThat(health.path("startedAt").asString()).endsWith("Z");
    }

    @Test
    void actuatorHealthHasLivenessAndReadinessGroups() {
        for (String path : new String[] {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"}) {
            ControlHttp.Response response = http.get(path);
            assertThat(response.status()).as(path).isEqualTo(200);
            assertThat(response.json().path("status").asString()).as(path).isEqualTo("UP");
            assertThat(response.json().has("successful")).as(path).isFalse();
        }
    }

    @Test
    void openApiDocumentsBothRouteFamilies() {
        ControlHttp.Response response = http.get("/v3/api-docs");

        assertThat(response.status()).isEqualTo(200);
        JsonNode paths = response.json().path("paths");
        assertThat(response.json().has("successful")).isFalse();
        assertThat(response.json().path("openapi").asString()).startsWith("3.");
        for (String path : new String[] {"/__emulator/faults", "/__emulator/faults/{id}", "/__emulator/pacing",
                "/__emulator/pacing/step", "/__emulator/obproxy", "/__emulator/reset", "/__emulator/health",
                "/__emulator/requests", "/api/v1/info", "/api/v1/agent/password", "/api/v1/task/dag/{id}"}) {
            assertThat(paths.has(path)).as(path).isTrue();
        }
        JsonNode armFault = paths.path("/__emulator/faults").path("post");
        assertThat(armFault.path("requestBody").toString()).contains("FaultRequest");
        assertThat(armFault.path("description").asString()).contains("${upgradeDir}");
        assertThat(paths.has("/actuator/health")).isFalse();
    }

    @Test
    void swaggerUiIsServed() {
        ControlHttp.Response page = http.get("/swagger-ui/index.html");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).containsIgnoringCase("swagger");
    }
}
