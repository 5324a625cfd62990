package io.obshell.emulator.api;

import static io.obshell.emulator.EnvelopeAssert.assertEnvelope;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.RawHttp;
import io.obshell.emulator.client.ObshellClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * gin's RedirectTrailingSlash (on in obshell's gin.New()), on the wire: a route's path with a
 * trailing slash is redirected before any middleware, 301 with Go's http.Redirect HTML body
 * for GET, 307 with no body for other methods; a path that names no route either way stays
 * NoRoute's 404 envelope.
 */
@EmulatorHttpTest
class TrailingSlashTest {

    @Autowired
    EmulatorTestClient emulator;

    private RawHttp.Response send(String method, String target, String... headers) throws IOException {
        try (RawHttp http = RawHttp.connect(emulator.port())) {
            return http.exchange(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + String.join("", headers) + "Content-Length: 0\r\n\r\n");
        }
    }

    @Test
    void aGetIsMovedPermanentlyWithGosHtmlBody() throws IOException {
        RawHttp.Response response = send("GET", "/api/v1/info/");

        assertThat(response.status()).isEqualTo(301);
        assertThat(response.header("location")).isEqualTo("/api/v1/info");
        assertThat(response.header("content-type")).isEqualTo("text/html; charset=utf-8");
        assertThat(response.body()).isEqualTo("<a href=\"/api/v1/info\">Moved Permanently</a>.\n\n");
    }

    @Test
    void theQueryGoesAlongAndIsHtmlEscapedInTheBody() throws IOException {
        RawHttp.Response response = send("GET", "/api/v1/task/dag/42130706433028861/?show_details=false&x=%3C");

        assertThat(response.status()).isEqualTo(301);
        assertThat(response.header("location")).isEqualTo("/api/v1/task/dag/42130706433028861?show_details=false&x=%3C");
        assertThat(response.body()).isEqualTo("<a href=\"/api/v1/task/dag/42130706433028861?show_details=false&amp;x=%3C\">"
                + "Moved Permanently</a>.\n\n");
    }

    // No verification runs: an unsigned request is redirected, not refused.
    @ParameterizedTest
    @CsvSource({
        "POST,   /api/v1/obproxy/upgrade/, /api/v1/obproxy/upgrade",
        "DELETE, /api/v1/obproxy/,         /api/v1/obproxy",
        "POST,   /api/v1/task/dag/1/,      /api/v1/task/dag/1"})
    void anyOtherMethodIsATemporaryRedirectWithoutBody(String method, String path, String location)
            throws IOException {
        RawHttp.Response response = send(method, path);

        assertThat(response.status()).isEqualTo(307);
        assertThat(response.header("location")).isEqualTo(location);
        assertThat(response.header("content-type")).isNull();
        assertThat(response.body()).isEmpty();
    }

    @Test
    void aForwardedPrefixIsCleanedStrippedAndPutInFront() throws IOException {
        RawHttp.Response response = send("GET", "/api/v1/status/", "X-Forwarded-Prefix: /gw/../edge.1//x\r\n");

        assertThat(response.status()).isEqualTo(301);
        assertThat(response.header("location")).isEqualTo("/edge1/x//api/v1/status");
    }

    @ParameterizedTest
    @CsvSource({
        "GET,  /api/v1/obproxy/",
        "GET,  /api/v1/no-such-route/",
        "GET,  /api/v1/task/dag/",
        "HEAD, /api/v1/info/"})
    void aPathThatNamesNoRouteEvenWithoutItsSlashIsNotFound(String method, String path) {
        ObshellClient.Response response = emulator.withPassword().request(method, path).send();

        assertThat(response.status()).isEqualTo(404);
        if (!method.equals("HEAD")) {
            assertEnvelope(response).isMiddlewareError(404, "Common.NotFound", null, "Element not found: 404 not found");
        }
    }
}
