package io.obshell.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.obshell.emulator.pkg.TestRpms;
import io.obshell.emulator.secure.AgentPassword;
import io.obshell.emulator.secure.DecryptedBody;
import io.obshell.emulator.secure.RouteType;
import io.obshell.emulator.secure.Verify;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs the real {@code bin/ocs-curl} (openssl + curl, no Java crypto) against the emulator, so
 * the server's decryption is checked against a second, independent client (auth.md §2, §3).
 */
@EmulatorHttpTest
@Import(OcsCurlTest.UploadProbe.class)
class OcsCurlTest {

    private static final Path SCRIPT = Path.of("..", "bin", "ocs-curl").toAbsolutePath();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String UPLOAD_PROBE = "/api/v1/obproxy/probe/upload";

    @Autowired
    EmulatorTestClient emulator;

    @Autowired
    AgentPassword agentPassword;

    @TempDir
    Path tmp;

    @BeforeAll
    static void toolsInstalled() {
        assumeTrue(runs("openssl", "version") && runs("curl", "--version"), "openssl and curl are needed");
    }

    @Test
    void signedPostReachesAnObproxyRouteWithItsBodyDecrypted() throws Exception {
        emulator.withPassword();
        String body = "{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}";

        Run run = ocsCurl(Map.of("OBSHELL_PASSWORD", EmulatorTestClient.PASSWORD, "OBSHELL_TRACE_ID", "0123abcd"),
                "POST", url("/api/v1/obproxy/probe"), body);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.json().path("status").asInt()).isEqualTo(200);
        assertThat(run.json().path("traceId").asString()).isEqualTo("0123abcd");
        assertThat(run.json().path("data").asString()).isEqualTo(body);
    }

    @Test
    void wrongPasswordGetsTheIncorrectAgentPasswordEnvelopeAndExitCodeOne() throws Exception {
        emulator.withPassword();

        Run run = ocsCurl(Map.of("OBSHELL_PASSWORD", "not-" + EmulatorTestClient.PASSWORD),
                "POST", url("/api/v1/obproxy/probe"), "{}");

        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode error = run.json().path("error");
        // auth.md §4.3: WrapRetain keeps the inner errCode under the Unauthorized code 10008.
        assertThat(run.json().path("status").asInt()).isEqualTo(401);
        assertThat(error.path("errCode").asString()).isEqualTo("Security.Authentication.IncorrectAgentPassword");
        assertThat(error.path("code").asInt()).isEqualTo(10008);
        assertThat(error.path("message").asString()).isEqualTo("Unauthorized: Agent password is incorrect");
    }

    @Test
    void emptyPasswordSetsTheFirstAgentPasswordThenInfoReportsSecurity() throws Exception {
        emulator.clearPassword();

        // auth.md §8 F: a SINGLE agent without a password lets anyone set it.
        Run set = ocsCurl(Map.of("OBSHELL_PASSWORD", ""),
                "POST", url("/api/v1/agent/password"), "{\"password\":\"Fresh#Pwd2\"}");
        assertThat(set.exitCode()).as(set.stdout() + set.stderr()).isZero();

        Run info = ocsCurl(Map.of("OBSHELL_PASSWORD", "Fresh#Pwd2"), "GET", url("/api/v1/info"));
        assertThat(info.exitCode()).isZero();
        assertThat(info.json().path("data").path("security").asBoolean()).isTrue();

        Run probe = ocsCurl(Map.of("OBSHELL_PASSWORD", "Fresh#Pwd2"), "POST", url("/api/v1/obproxy/probe"), "{}");
        assertThat(probe.exitCode()).as(probe.stdout()).isZero();
    }

    @Test
    void passwordWithJsonSpecialCharactersIsEscapedInTheHeader() throws Exception {
        String password = "q\"uo\\te\ttab/";
        agentPassword.set(password);

        Run run = ocsCurl(Map.of("OBSHELL_PASSWORD", password), "POST", url("/api/v1/obproxy/probe"), "{}");

        assertThat(run.exitCode()).as(run.stdout()).isZero();
    }

    @Test
    void signedUriCarriesTheQueryOfAnObproxyTaskRoute() throws Exception {
        emulator.withPassword();

        // auth.md §4.2 c: the uri must equal the raw request-target, query included.
        Run run = ocsCurl(Map.of("OBSHELL_PASSWORD", EmulatorTestClient.PASSWORD),
                "GET", url("/api/v1/task/probe/41?show_details=True"));

        assertThat(run.exitCode()).as(run.stdout()).isZero();
        assertThat(run.json().path("data").asString()).isEqualTo("41");
    }

    @Test
    void fileUploadSendsTheWholeMultipartBodyEncryptedUnderItsMultipartContentType() throws Exception {
        emulator.withPassword();
        // Past DecryptedBody's in-memory limit, with every byte value, so the spool path and
        // binary safety of the base64/AES pipeline are both exercised.
        byte[] content = new byte[1_500_000];
        new Random(42).nextBytes(content);
        Path file = tmp.resolve("obproxy-ce 4.3.3.0-5.el7.x86_64.rpm");
        Files.write(file, content);

        Run run = ocsCurl(Map.of("OBSHELL_PASSWORD", EmulatorTestClient.PASSWORD),
                "--file", file.toString(), "POST", url(UPLOAD_PROBE));

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        JsonNode data = run.json().path("data");
        Matcher boundary = Pattern.compile("multipart/form-data; boundary=([0-9a-f]{32})")
                .matcher(data.path("contentType").asString());
        assertThat(boundary.matches()).as(data.path("contentType").asString()).isTrue();
        // The layout requests/urllib3 produce for files={'file': open(path, 'rb')} (auth.md §3.3).
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(("--" + boundary.group(1) + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"obproxy-ce 4.3.3.0-5.el7.x86_64.rpm\"\r\n"
                + "\r\n").getBytes(StandardCharsets.UTF_8));
        expected.writeBytes(content);
        expected.writeBytes(("\r\n--" + boundary.group(1) + "--\r\n").getBytes(StandardCharsets.UTF_8));
        assertThat(data.path("size").asLong()).isEqualTo(expected.size());
        assertThat(data.path("sha256").asString()).isEqualTo(sha256(expected.toByteArray()));
    }

    // The README's worked example, with the real package and upgrade routes.
    @Test
    void theReadmeExampleUploadsAPackageUpgradesAndReadsTheDagBack() throws Exception {
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").build(tmp);

        Run setPassword = ocsCurl(Map.of("OBSHELL_PASSWORD", ""), "POST", url("/api/v1/agent/password"),
                "{\"password\":\"secret\"}");
        assertThat(setPassword.exitCode()).as(setPassword.stdout()).isZero();
        Map<String, String> signed = Map.of("OBSHELL_PASSWORD", "secret");
        Run upload = ocsCurl(signed, "--file", rpm.toString(), "POST", url("/api/v1/obproxy/package"));
        assertThat(upload.exitCode()).as(upload.stdout()).isZero();
        assertThat(upload.json().path("data").path("Version").asString()).isEqualTo("4.3.3.0");
        Run upgrade = ocsCurl(signed, "POST", url("/api/v1/obproxy/upgrade"),
                "{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}");
        assertThat(upgrade.exitCode()).as(upgrade.stdout()).isZero();
        String id = upgrade.json().path("data").path("id").asString();

        await().atMost(Duration.ofSeconds(30)).until(() -> "SUCCEED".equals(ocsCurl(signed, "GET",
                url("/api/v1/task/dag/" + id + "?show_details=True")).json().path("data").path("state").asString()));
        JsonNode dag = ocsCurl(signed, "GET", url("/api/v1/task/dag/" + id + "?show_details=True")).json();
        assertThat(dag.path("data").path("stage").asInt()).isEqualTo(10);
        assertThat(dag.path("data").path("nodes")).hasSize(10);
    }

    @Test
    void helpDocumentsTheUsage() throws Exception {
        Run run = ocsCurl(Map.of(), "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).contains("OBSHELL_PASSWORD", "--file PATH", "Exit status");
    }

    private String url(String pathAndQuery) {
        return emulator.baseUri() + pathAndQuery;
    }

    private Run ocsCurl(Map<String, String> env, String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder();
        builder.command().add(SCRIPT.toString());
        builder.command().addAll(List.of(args));
        builder.environment().remove("OBSHELL_PASSWORD");
        builder.environment().remove("OBSHELL_TRACE_ID");
        builder.environment().putAll(env);
        Path stderr = Files.createTempFile(tmp, "stderr", ".txt");
        builder.redirectError(stderr.toFile());
        Process process = builder.start();
        String stdout;
        try (InputStream in = process.getInputStream()) {
            stdout = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("ocs-curl finished").isTrue();
        return new Run(process.exitValue(), stdout, Files.readString(stderr));
    }

    private static boolean runs(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    record Run(int exitCode, String stdout, String stderr) {

        JsonNode json() {
            return JSON.readTree(stdout);
        }
    }

    /**
     * Stands in for the package route: reports what the body decrypted to, so the test can
     * check the multipart bytes without a multipart parser.
     */
    @TestComponent
    @RestController
    static class UploadProbe {

        @PostMapping(UPLOAD_PROBE)
        @Verify(RouteType.OBPROXY)
        JsonNode upload(HttpServletRequest request) throws IOException, NoSuchAlgorithmException {
            DecryptedBody body = DecryptedBody.of(request);
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(body.open(), sha256)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            data.put("contentType", request.getContentType());
            data.put("size", body.size());
            data.put("sha256", HexFormat.of().formatHex(sha256.digest()));
            return data;
        }
    }
}
