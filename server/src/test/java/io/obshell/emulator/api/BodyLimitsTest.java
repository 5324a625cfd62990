package io.obshell.emulator.api;

import static io.obshell.emulator.EnvelopeAssert.assertEnvelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.RawHttp;
import io.obshell.emulator.client.ObshellClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every body is read only up to its route family's limit (obshell.emulator.limits.*, defaults
 * here): past it the client gets what a Go server bounding its bodies with MaxBytesReader would
 * answer on /api/v1, and a 413 problem detail on the control plane.
 */
@EmulatorHttpTest
class BodyLimitsTest {

    private static final int API_LIMIT = 256 * 1024;
    private static final int CONTROL_LIMIT = 64 * 1024;

    @Autowired
    EmulatorTestClient emulator;

    @Test
    void encryptedBodyPastTheApiLimitIsReadFailedBeforeAnyPasswordCheck() {
        ObshellClient.Response response = emulator.signingWith("not the password").request("POST", "/api/v1/obproxy/probe")
                .body(new byte[API_LIMIT]).send();

        assertEnvelope(response).isDecryptError(400, "Request.Body.ReadFailed", null,
                "Failed to read request body: http: request body too large");
    }

    @Test
    void encryptedBodyJustUnderTheApiLimitIsRead() {
        // 190,000 plain bytes are 253,344 bytes of base64.
        String json = "{\"pad\":\"" + "x".repeat(190_000) + "\"}";
        ObshellClient.Response response = emulator.withPassword().post("/api/v1/obproxy/probe", json);

        assertEnvelope(response).isSuccess();
    }

    @Test
    void controlBodyPastItsLimitIs413WithoutReadingIt() throws Exception {
        try (RawHttp connection = RawHttp.connect(emulator.port())) {
            // Declares 700 MB and sends none of it: the answer must not wait for the body.
            RawHttp.Response response = connection.exchange("PUT /__emulator/pacing HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 734003200\r\n\r\n");

            assertThat(response.status()).isEqualTo(413);
            assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(response.body()).contains("\"detail\":\"The request body is larger than 65536 bytes\"");
        }
    }

    @Test
    void chunkedControlBodyPastItsLimitIs413() throws Exception {
        String chunk = "[" + "0,".repeat(CONTROL_LIMIT) + "0]";
        try (RawHttp connection = RawHttp.connect(emulator.port())) {
            RawHttp.Response response = connection.exchange("PUT /__emulator/pacing HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n");

            assertThat(response.status()).isEqualTo(413);
            assertThat(response.body()).contains("larger than 65536 bytes");
        }
    }

    @Test
    void authHeaderPastItsCapIsDecryptFailedWithoutRsaWork() {
        // Real RSA blocks: decrypting all of them would cost the server a private-key operation each.
        ObshellClient.Response response = emulator.withPassword().request("GET", "/api/v1/info")
                .rawHeaderValue("A".repeat(32 * 1024)).send();

        assertEnvelope(response).isDecryptError(401, "Security.Authentication.Header.DecryptFailed", 1,
                "Decrypt http header failed: header of 32768 bytes is longer than 16384");
    }
}
