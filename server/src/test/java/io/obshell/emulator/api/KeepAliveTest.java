package io.obshell.emulator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.RawHttp;
import io.obshell.emulator.secure.RsaKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Go's net/http keeps a keep-alive connection open whatever status the handler wrote, so an
 * obshell client (the Go SDK's pooled transport, python's requests.Session) reuses the socket
 * after a 400, 401, 404 or 500 envelope. The emulator must not close it either.
 */
@EmulatorHttpTest
class KeepAliveTest {

    @Autowired
    EmulatorTestClient emulator;

    @Test
    void oneConnectionSurvivesRefusedRequestsOfEveryKind() throws Exception {
        emulator.clearPassword();
        try (RawHttp connection = RawHttp.connect(emulator.port())) {
            RawHttp.Response notFound = connection.exchange(get("/api/v1/no-such-route"));
            RawHttp.Response badJson = connection.exchange(post("/api/v1/agent/password", "{\"password\":"));
            RawHttp.Response unauthorized = connection.exchange(
                    get("/api/v1/info", "X-OCS-Agent-Header: not base64!\r\n"));
            RawHttp.Response serverError = connection.exchange(post("/api/v1/info", "AAAAAAAAAAAAAAAAAAAAAA==",
                    "X-OCS-Agent-Header: " + headerWithShortKeys() + "\r\n"));
            RawHttp.Response info = connection.exchange(get("/api/v1/info"));

            assertThat(notFound.status()).isEqualTo(404);
            assertThat(badJson.status()).isEqualTo(400);
            assertThat(unauthorized.status()).isEqualTo(401);
            assertThat(serverError.status()).isEqualTo(500);
            assertThat(serverError.body()).contains("\"errCode\":\"Request.Body.Decrypt.AES.KeyAndIv.Invalid\"");
            assertThat(info.status()).isEqualTo(200);
            assertThat(info.body()).contains("\"successful\":true");
            for (RawHttp.Response response : new RawHttp.Response[] {notFound, badJson, unauthorized, serverError}) {
                assertThat(response.header("Connection")).isNull();
            }
            assertThat(connection.closedByServer(200)).isFalse();
        }
    }

    private String headerWithShortKeys() throws Exception {
        String publicKey = emulator.signingWith(null).get("/api/v1/secret").data().get("public_key").stringValue();
        String json = "{\"auth\":\"\",\"ts\":\"" + (Instant.now().getEpochSecond() + 60)
                + "\",\"uri\":\"/api/v1/info\",\"keys\":\"" + Base64.getEncoder().encodeToString(new byte[8]) + "\"}";
        return Base64.getEncoder().encodeToString(RsaKeys.encryptChunks(
                RsaKeys.publicKeyFromPkcs1(Base64.getDecoder().decode(publicKey)), json.getBytes(StandardCharsets.UTF_8)));
    }

    private static String get(String path, String... headers) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + String.join("", headers) + "\r\n";
    }

    private static String post(String path, String body, String... headers) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n" + String.join("", headers) + "\r\n" + body;
    }
}
