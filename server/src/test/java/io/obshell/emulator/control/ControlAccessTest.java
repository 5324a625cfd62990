package io.obshell.emulator.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** F9: with {@code obshell.emulator.control.token} set, the control plane answers only its bearer. */
@EmulatorHttpTest
@TestPropertySource(properties = "obshell.emulator.control.token=" + ControlAccessTest.TOKEN)
class ControlAccessTest {

    static final String TOKEN = "ctl-Token-7f3a";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    EmulatorTestClient emulator;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void controlRequestWithoutTheTokenIsRefusedWithAProblemDetail() throws Exception {
        HttpResponse<String> response = send("POST", "/__emulator/reset", null, "{}");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"obshell-emulator\"");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(401);
        assertThat(problem.path("detail").asString()).contains("Authorization: Bearer");
        assertThat(problem.path("instance").asString()).isEqualTo("/__emulator/reset");
    }

    @Test
    void wrongTokenOtherSchemeAndBareControlPathAreRefused() throws Exception {
        assertThat(send("GET", "/__emulator/health", "Bearer " + TOKEN + "x", null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/__emulator/health", "Bearer " + TOKEN.substring(1), null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/__emulator/health", "Basic " + TOKEN, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/__emulator/health", TOKEN, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/__emulator", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = send("PUT", "/__emulator/pacing", "Bearer nope", "{\"paused\":true}");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain("nope").doesNotContain(TOKEN);
        // Nothing the refused request asked for happened.
        assertThat(JSON.readTree(send("GET", "/__emulator/pacing", "Bearer " + TOKEN, null).body())
                .path("paused").asBoolean()).isFalse();
    }

    @Test
    void theBearerReachesEveryControlRoute() throws Exception {
        assertThat(send("GET", "/__emulator/health", "Bearer " + TOKEN, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/__emulator/health", "bearer " + TOKEN, null).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/__emulator/reset", "Bearer " + TOKEN, null).statusCode()).isEqualTo(200);
        // An unknown control route with the token is the control plane's own 404.
        assertThat(send("GET", "/__emulator/nothing-here", "Bearer " + TOKEN, null).statusCode()).isEqualTo(404);
    }

    @Test
    void obshellRoutesNeedNoControlToken() throws Exception {
        HttpResponse<String> info = send("GET", "/api/v1/info", null, null);

        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(info.body()).path("successful").asBoolean()).isTrue();
    }

    private HttpResponse<String> send(String method, String path, String authorization, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulator.baseUri() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
