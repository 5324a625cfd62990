package io.obshell.emulator.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** F9: {@code obshell.emulator.control.enabled=false} leaves only what a real agent answers. */
@EmulatorHttpTest
@TestPropertySource(properties = "obshell.emulator.control.enabled=false")
class ControlDisabledTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    EmulatorTestClient emulator;

    @ParameterizedTest
    @CsvSource({"POST,/__emulator/reset", "GET,/__emulator/health", "PUT,/__emulator/pacing", "GET,/__emulator",
            "GET,/__emulator/requests"})
    void everyControlRouteAnswersAsAnUnknownRoute(String method, String path) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> control = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUri() + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString("{\"paused\":true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUri() + "/no/such/route"))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(control.statusCode()).isEqualTo(404).isEqualTo(unknown.statusCode());
        JsonNode body = JSON.readTree(control.body());
        JsonNode expected = JSON.readTree(unknown.body());
        assertThat(body.path("successful").asBoolean()).isFalse();
        assertThat(body.path("error")).isEqualTo(expected.path("error"));
        assertThat(body.path("error").path("errCode").asString()).isEqualTo("Common.NotFound");
    }
}
