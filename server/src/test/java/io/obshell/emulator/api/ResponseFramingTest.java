package io.obshell.emulator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.RawHttp;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.pkg.TestRpms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every answer framed as obshell's: gin writes the envelope in one write and never flushes, so
 * Go's net/http sends a body of up to 2048 bytes with its Content-Length and a longer one
 * chunked (net/http server.go, bufferBeforeChunkingSize and chunkWriter.writeHeader). Read off
 * the socket: {@link RawHttp}, and the JDK's client for signed requests (it reports the
 * framing headers as received).
 */
@EmulatorHttpTest
class ResponseFramingTest {

    @Autowired
    EmulatorTestClient emulator;

    @TempDir
    Path dir;

    @Test
    void refusedAndPlainAnswersHaveTheirLengthOnOneConnection() throws Exception {
        emulator.clearPassword();
        try (RawHttp connection = RawHttp.connect(emulator.port())) {
            List<RawHttp.Response> answers = List.of(
                    connection.exchange(get("/api/v1/info")),
                    connection.exchange(get("/api/v1/no-such-route")),
                    // gin without HandleMethodNotAllowed: a known path with another method is 404.
                    connection.exchange("DELETE /api/v1/info HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
                    connection.exchange(post("/api/v1/agent/password", "{\"password\":")),
                    connection.exchange(get("/api/v1/info", "X-OCS-Agent-Header: not base64!\r\n")),
                    connection.exchange(get("/api/v1/secret")));

            assertThat(answers).extracting(RawHttp.Response::status).containsExactly(200, 404, 404, 400, 401, 200);
            for (RawHttp.Response answer : answers) {
                assertThat(answer.header("Transfer-Encoding")).isNull();
                assertThat(answer.header("Content-Length"))
                        .isEqualTo(Integer.toString(answer.body().getBytes(StandardCharsets.UTF_8).length));
                assertThat(answer.body()).startsWith("{\"successful\":").endsWith("}");
            }
            assertThat(connection.closedByServer(100)).isFalse();
        }
    }

    @Test
    void theUploadReplyHasItsLengthAndADagWithItsNodesIsChunked() {
        emulator.emulatorControl().stageDelay(Duration.ZERO);
        ObshellClient client = emulator.withPassword();
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").binary(new byte[] {1, 2, 3}).build(dir);

        ObshellClient.Response uploaded = client.upload("/api/v1/obproxy/package", rpm.getFileName().toString(), rpm);
        ObshellClient.Response refused = client.post("/api/v1/obproxy/upgrade", "{\"version\":\"1.0.0.0\",\"release\":\"1.el7\"}");
        ObshellClient.Response created = client.post("/api/v1/obproxy/upgrade",
                "{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}");
        ObshellClient.Response dag = client.get("/api/v1/task/dag/" + created.data().path("id").asString());

        assertThat(uploaded.status()).isEqualTo(200);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(created.status()).isEqualTo(200);
        assertThat(dag.status()).isEqualTo(200);
        for (ObshellClient.Response small : List.of(uploaded, refused, created)) {
            int length = small.body().getBytes(StandardCharsets.UTF_8).length;
            assertThat(length).isLessThanOrEqualTo(GoFraming.GO_BUFFER);
            assertThat(small.headers().firstValue("Content-Length")).hasValue(Integer.toString(length));
            assertThat(small.headers().firstValue("Transfer-Encoding")).isEmpty();
        }
        // Ten nodes with their sub-tasks: far past Go's 2048-byte buffer.
        assertThat(dag.body().getBytes(StandardCharsets.UTF_8).length).isGreaterThan(GoFraming.GO_BUFFER);
        assertThat(dag.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        assertThat(dag.headers().firstValue("Content-Length")).isEmpty();
    }

    private static String get(String path, String... headers) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + String.join("", headers) + "\r\n";
    }

    private static String post(String path, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body;
    }
}
