package io.obshell.emulator.control;

import static io.obshell.emulator.control.FaultRoutesTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.obshell.emulator.ControlHttp;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.pkg.TestRpms;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** GET/DELETE /__emulator/requests: every /api/v1 request, rejected ones included, secrets masked. */
@EmulatorHttpTest
class JournalTest {

    @Autowired
    EmulatorTestClient emulator;

    ControlHttp control;
    ObshellClient client;

    @BeforeEach
    void start() {
        control = emulator.control();
        client = emulator.withPassword();
    }

    @Test
    void signedRequestIsJournaledWithItsDecryptedHeaderAndBodyMasked() {
        ObshellClient.Response sent = client.post("/api/v1/obproxy/probe?x=1",
                "{\"a\": 1, \"password\": \"p1\", \"nested\": [{\"root_password\": \"p2\", \"b\": true}]}");
        assertThat(sent.status()).isEqualTo(200);

        // The client fetched the public key first: that GET /api/v1/secret is journaled too.
        JsonNode entry = only(control.get("/__emulator/requests?path=/api/v1/obproxy").json());

        assertThat(entry.path("id").asLong()).isPositive();
        assertThat(entry.path("time").asString()).isNotEmpty();
        assertThat(entry.path("method").asString()).isEqualTo("POST");
        assertThat(entry.path("uri").asString()).isEqualTo("/api/v1/obproxy/probe?x=1");
        assertThat(entry.path("path").asString()).isEqualTo("/api/v1/obproxy/probe");
        assertThat(entry.path("authHeader").asString()).isEqualTo("agent");
        JsonNode header = entry.path("header");
        assertThat(header.path("auth").asString()).isEqualTo("***");
        assertThat(header.path("uri").asString()).isEqualTo("/api/v1/obproxy/probe?x=1");
        assertThat(header.path("ts").asString()).matches("\\d+");
        assertThat(header.has("keys")).isFalse();
        assertThat(entry.path("body").path("a").asInt()).isEqualTo(1);
        assertThat(entry.path("body").path("password").asString()).isEqualTo("***");
        assertThat(entry.path("body").path("nested").get(0).path("root_password").asString()).isEqualTo("***");
        assertThat(entry.path("body").path("nested").get(0).path("b").asBoolean()).isTrue();
        assertThat(entry.path("bodySummary").isNull()).isTrue();
        assertThat(entry.path("status").asInt()).isEqualTo(200);
        assertThat(entry.path("errCode").isNull()).isTrue();
        assertThat(entry.path("traceId").asString()).isEqualTo(sent.json().path("traceId").asString()).isNotEmpty();
        assertThat(entry.path("durationMs").asLong()).isNotNegative();
    }

    @Test
    void requestRejectedAtDecryptionIsJournaledWithItsReason() {
        ObshellClient.Response sent = client.request("POST", "/api/v1/obproxy/probe").rawHeaderValue("bm90IHJzYQ==")
                .body("{}").send();
        assertThat(sent.status()).isEqualTo(401);

        JsonNode entry = only(control.get("/__emulator/requests").json());

        assertThat(entry.path("authHeader").asString()).isEqualTo("agent");
        assertThat(entry.path("header").isNull()).isTrue();
        assertThat(entry.path("status").asInt()).isEqualTo(401);
        assertThat(entry.path("errCode").asString()).isEqualTo("Security.Authentication.Header.DecryptFailed");
        assertThat(entry.path("message").asString()).isEqualTo(sent.message());
        assertThat(entry.path("traceId").asString()).as("decrypt-stage errors carry no traceId").isEmpty();
        assertThat(entry.path("bodySummary").path("note").asString()).isEqualTo("not decrypted: not stored");
    }

    @Test
    void requestRejectedByVerificationIsJournaledWithItsReason() {
        ObshellClient.Response sent = emulator.signingWith("not the password").post("/api/v1/obproxy/probe", "{}");

        JsonNode entry = only(control.get("/__emulator/requests?path=/api/v1/obproxy").json());

        assertThat(entry.path("status").asInt()).isEqualTo(sent.status()).isEqualTo(401);
        assertThat(entry.path("errCode").asString()).isEqualTo("Security.Authentication.IncorrectAgentPassword");
        assertThat(entry.path("message").asString()).isEqualTo("Unauthorized: Agent password is incorrect");
        assertThat(entry.path("header").path("auth").asString()).isEqualTo("***");
        assertThat(entry.path("traceId").asString()).isNotEmpty();
    }

    @Test
    void unsignedAndUnknownRequestsAreJournaledToo() {
        client.request("GET", "/api/v1/info").headerType(ObshellClient.HeaderType.NONE).send();
        client.request("GET", "/api/v1/no/such/route").headerType(ObshellClient.HeaderType.NONE).send();

        List<JsonNode> entries = control.get("/__emulator/requests").json().valueStream().toList();

        assertThat(entries).as("a client sending no auth header fetches no key").hasSize(2);
        assertThat(entries.get(0).path("path").asString()).isEqualTo("/api/v1/no/such/route");
        assertThat(entries.get(0).path("status").asInt()).isEqualTo(404);
        assertThat(entries.get(0).path("errCode").asString()).isEqualTo("Common.NotFound");
        assertThat(entries.get(1).path("path").asString()).isEqualTo("/api/v1/info");
        assertThat(entries.get(1).path("authHeader").asString()).isEqualTo("none");
        assertThat(entries.get(1).path("header").isNull()).isTrue();
        assertThat(entries.get(1).path("body").isNull()).isTrue();
    }

    @Test
    void packageLikeAndLargeBodiesAreSummarisedNotStored() {
        client.request("POST", "/api/v1/obproxy/probe").contentType("multipart/form-data; boundary=xyz")
                .body("--xyz\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nRPM\r\n--xyz--\r\n").send();
        String large = "{\"blob\": \"" + "a".repeat(70 * 1024) + "\"}";
        client.post("/api/v1/obproxy/probe", large);

        List<JsonNode> entries = control.get("/__emulator/requests").json().valueStream().toList();

        JsonNode big = entries.get(0);
        assertThat(big.path("body").isNull()).isTrue();
        assertThat(big.path("bodySummary").path("size").asLong()).isEqualTo(large.length());
        assertThat(big.path("bodySummary").path("note").asString()).isEqualTo("larger than 64 KiB: not stored");
        JsonNode upload = entries.get(1);
        assertThat(upload.path("body").isNull()).isTrue();
        assertThat(upload.path("bodySummary").path("contentType").asString()).startsWith("multipart/form-data");
        assertThat(upload.path("bodySummary").path("size").asLong()).isPositive();
        assertThat(upload.path("bodySummary").path("note").asString()).isEqualTo("package upload: not stored");
    }

    @Test
    void packageUploadIsSummarisedAsSizeAndContentType(@TempDir Path dir) throws Exception {
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").build(dir);
        ObshellClient.Response sent = client.upload("/api/v1/obproxy/package", rpm.getFileName().toString(), rpm);
        assertThat(sent.status()).isEqualTo(200);

        JsonNode entry = only(control.get("/__emulator/requests?path=/api/v1/obproxy/package").json());

        assertThat(entry.path("status").asInt()).isEqualTo(200);
        assertThat(entry.path("body").isNull()).isTrue();
        assertThat(entry.path("bodySummary").path("contentType").asString()).startsWith("multipart/form-data");
        assertThat(entry.path("bodySummary").path("size").asLong()).isGreaterThan(Files.size(rpm));
        assertThat(entry.path("bodySummary").path("note").asString()).isEqualTo("package upload: not stored");
    }

    @Test
    void entriesAreNewestFirstAndFilteredByLimitPathAndStatus() {
        client.get("/api/v1/info");
        emulator.signingWith("wrong").post("/api/v1/obproxy/probe", "{}");
        client.post("/api/v1/obproxy/probe", "{}");
        client.get("/api/v1/task/dags/agent");

        List<JsonNode> all = control.get("/__emulator/requests").json().valueStream().toList();
        // Each new client fetches the public key before its first request.
        assertThat(all).extracting(e -> e.path("path").asString()).containsExactly("/api/v1/task/dags/agent",
                "/api/v1/obproxy/probe", "/api/v1/obproxy/probe", "/api/v1/secret", "/api/v1/info", "/api/v1/secret");
        assertThat(all).extracting(e -> e.path("id").asLong()).isSortedAccordingTo((a, b) -> Long.compare(b, a));

        assertThat(control.get("/__emulator/requests?limit=1").json()).hasSize(1)
                .first().extracting(e -> e.path("path").asString()).isEqualTo("/api/v1/task/dags/agent");
        assertThat(control.get("/__emulator/requests?path=/api/v1/obproxy").json()).hasSize(2);
        assertThat(control.get("/__emulator/requests?status=401").json()).hasSize(1)
                .first().extracting(e -> e.path("errCode").asString())
                .isEqualTo("Security.Authentication.IncorrectAgentPassword");
        assertThat(control.get("/__emulator/requests?status=2xx&path=/api/v1/obproxy").json()).hasSize(1);
        assertThat(control.get("/__emulator/requests?status=4xx&limit=5").json()).hasSize(1);
    }

    @Test
    void deleteForgetsEverything() {
        client.get("/api/v1/info");

        assertThat(control.delete("/__emulator/requests").status()).isEqualTo(204);

        assertThat(control.get("/__emulator/requests").json()).isEmpty();
    }

    @Test
    void badQueriesAreProblems() {
        assertProblem(control.get("/__emulator/requests?status=teapot"), 400, "'status' must be an HTTP status");
        assertProblem(control.get("/__emulator/requests?limit=0"), 400, "'limit' must be at least 1");
        assertProblem(control.get("/__emulator/requests?limit=many"), 400, "Query parameter 'limit'");
    }

    private static JsonNode only(JsonNode entries) {
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }
}
