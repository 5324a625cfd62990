package io.obshell.emulator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/** Requests a servlet container would answer itself, answered as obshell (Go's net/http + gin) does. */
@EmulatorHttpTest
class ServerEdgeTest {

    @Autowired
    EmulatorTestClient emulator;

    @Test
    void traceIsGinsNotFoundEnvelopeNotAnEcho() throws Exception {
        try (RawHttp connection = RawHttp.connect(emulator.port())) {
            RawHttp.Response response = connection.exchange(
                    "TRACE /api/v1/info HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Probe: s3cr3t\r\n\r\n");

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.body()).contains("\"errCode\":\"Common.NotFound\"").doesNotContain("s3cr3t");
        }
    }

    @Test
    void manyHeadersAreServedAsGoServesThem() throws Exception {
        // Go's net/http bounds the header block by bytes (1 MB), not by count.
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            headers.append("X-Extra-").append(i).append(": v\r\n");
        }
        try (RawHttp connection = RawHttp.connect(emulator.port())) {
            RawHttp.Response response = connection.exchange(
                    "GET /api/v1/info HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).contains("\"successful\":true");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/%zz", "/api/v1/info%"})
    void aMalformedEscapeGetsNetHttpsOwnPlainAnswerNotAnHtmlPage(String target) throws Exception {
        try (RawHttp connection = RawHttp.connect(emulator.port())) {
            RawHttp.Response response = connection.exchange("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

            // Go's conn.serve answers a request it cannot parse itself, before gin sees it.
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
            assertThat(response.header("Connection")).isEqualTo("close");
            assertThat(response.body()).isEqualTo("400 Bad Request");
        }
    }

    @Test
    void aHeaderBlockPastItsLimitGetsNetHttps431() throws Exception {
        try (RawHttp connection = RawHttp.connect(emulator.port())) {
            RawHttp.Response response = connection.exchange("GET /api/v1/info HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
                    + "a".repeat(70_000) + "\r\n\r\n");

            assertThat(response.status()).isEqualTo(431);
            assertThat(response.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
            assertThat(response.body()).isEqualTo("431 Request Header Fields Too Large");
        }
    }

    @Test
    void dotSegmentsOutOfTheControlPlaneEndAsGinsNotFound() throws Exception {
        try (RawHttp connection = RawHttp.connect(emulator.port())) {
            RawHttp.Response response = connection.exchange(
                    "GET /__emulator/../api/v1/info HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.body()).startsWith("{\"successful\":false,")
                    .contains("\"status\":404", "\"errCode\":\"Common.NotFound\"");
        }
    }

    @Test
    void errorAskedForDirectlyIsAnUnknownRoute() throws Exception {
        try (RawHttp connection = RawHttp.connect(emulator.port())) {
            RawHttp.Response response = connection.exchange("GET /error HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.body()).startsWith("{\"successful\":false,")
                    .contains("\"status\":404", "\"errCode\":\"Common.NotFound\"").doesNotContain("999");
        }
    }
}
