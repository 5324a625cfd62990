package io.obshell.emulator.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.obshell.emulator.DataDirectory;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.client.ObshellClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/obproxy/package} over real HTTP: envelope-errors.md §2.4 and §4, auth.md §3.3. */
@EmulatorHttpTest
class PackageUploadHttpTest {

    private static final String URI = "/api/v1/obproxy/package";

    @Autowired
    EmulatorTestClient emulator;

    @Autowired
    PackageStore store;

    @Autowired
    DataDirectory dataDirectory;

    @TempDir
    Path dir;

    ObshellClient client;

    @BeforeEach
    void setUp() {
        store.deleteAll();
        client = emulator.withPassword();
    }

    @Test
    void aValidPackageIsStoredAndEchoedWithObshellsGoFieldNames() throws Exception {
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").build(dir);
        RpmInfo expected = ObproxyRpm.check(rpm);
        Instant before = Instant.now().minusSeconds(1);

        ObshellClient.Response response = client.upload(URI, "obproxy-ce-4.3.3.0-5.el7.x86_64.rpm", rpm);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("successful").asBoolean()).isTrue();
        JsonNode data = response.data();
        assertThat(fieldNames(data)).containsExactly("PkgId", "Name", "Version", "ReleaseDistribution",
                "Distribution", "Release", "Architecture", "Size", "PayloadSize", "ChunkCount", "Md5", "GmtModify");
        assertThat(data.path("PkgId").asLong()).isEqualTo(1);
        assertThat(data.path("Name").asString()).isEqualTo("obproxy-ce");
        assertThat(data.path("Version").asString()).isEqualTo("4.3.3.0");
        assertThat(data.path("ReleaseDistribution").asString()).isEqualTo("5.el7");
        assertThat(data.path("Distribution").asString()).isEqualTo("el7");
        assertThat(data.path("Release").asString()).isEqualTo("5");
        assertThat(data.path("Architecture").asString()).isEqualTo("x86_64");
        assertThat(data.path("Size").isIntegralNumber()).isTrue();
        assertThat(data.path("Size").asLong()).isEqualTo(TestRpms.defaultBinary("4.3.3.0").length);
        assertThat(data.path("PayloadSize").asLong()).isEqualTo(expected.payloadSize());
        assertThat(data.path("ChunkCount").asInt()).isEqualTo(1);
        assertThat(data.path("Md5").asString()).isEqualTo(expected.md5()).matches("[0-9a-f]{32}");
        String gmtModify = data.path("GmtModify").asString();
        assertThat(gmtModify).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(Instant.parse(gmtModify)).isBetween(before, Instant.now().plusSeconds(1));
    }

    @Test
    void theStoredPackageReadsBackAsTheUploadedFile() throws Exception {
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").build(dir);
        client.upload(URI, "a.rpm", rpm);

        StoredPackage stored = store.findNewest("obproxy-ce", "4.3.3.0", "5", "el7", "x86_64").orElseThrow();
        Path copy = dir.resolve("copy.rpm");
        store.writeRpm(stored.pkgId(), copy);

        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(rpm));
    }

    @Test
    void aThreePartReleaseStoresItsSecondPartAsDistribution() {
        Path rpm = TestRpms.obproxy("4.3.3.0").release("26.el7.x").build(dir);

        JsonNode data = client.upload(URI, "a.rpm", rpm).data();

        assertThat(data.path("ReleaseDistribution").asString()).isEqualTo("26.el7.x");
        assertThat(data.path("Release").asString()).isEqualTo("26");
        assertThat(data.path("Distribution").asString()).isEqualTo("el7");
    }

    @Test
    void everyUploadAddsARowEvenForTheSameFile() {
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").build(dir);

        long first = client.upload(URI, "a.rpm", rpm).data().path("PkgId").asLong();
        long second = client.upload(URI, "a.rpm", rpm).data().path("PkgId").asLong();

        assertThat(second).isEqualTo(first + 1);
        assertThat(store.findAll()).hasSize(2);
    }

    @Test
    void theUploadIsNotGatedOnAManagedObproxyAndAnyArchitectureIsStored() {
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").architecture("sparc").build(dir);

        ObshellClient.Response response = client.upload(URI, "a.rpm", rpm);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.data().path("Architecture").asString()).isEqualTo("sparc");
    }

    @Test
    void p1AFormWithoutAFilePartIsRequestFileMissingWithoutData() {
        ObshellClient.Response response = client.request("POST", URI)
                .multipartFile("package", "a.rpm", new byte[] {1, 2, 3}).send();

        assertError(response, 500, "Request.File.Missing", "File 'file' in the request is missing: http: no such file");
        assertThat(response.json().has("data")).isFalse();
    }

    @Test
    void p1ABodyThatIsNotMultipartIsRequestFileMissingWithoutData() {
        ObshellClient.Response response = client.post(URI, "{\"file\":\"x\"}");

        assertError(response, 500, "Request.File.Missing",
                "File 'file' in the request is missing: request Content-Type isn't multipart/form-data");
        assertThat(response.json().has("data")).isFalse();
    }

    @Test
    void p1AnEmptyBodyWithAMultipartTypeFindsNoPart() {
        // PaddingBody turns the empty body into "{}", which holds no boundary.
        ObshellClient.Response response = client.request("POST", URI)
                .contentType("multipart/form-data; boundary=abc").send();

        assertError(response, 500, "Request.File.Missing",
                "File 'file' in the request is missing: multipart: NextPart: EOF");
        assertThat(response.json().has("data")).isFalse();
    }

    @Test
    void p2AFileThatIsNotAnRpmIsAnUnexpectedErrorWithTheRawText() {
        assertHandlerError(client.upload(URI, "a.rpm", TestRpms.notAnRpm(dir)), 500, "Common.Unexpected",
                "rpm: invalid file descriptor");
    }

    @Test
    void p2ATruncatedRpmIsAnUnexpectedEof() {
        Path rpm = TestRpms.truncated(TestRpms.obproxy("4.3.3.0").build(dir), 60);
        assertHandlerError(client.upload(URI, "a.rpm", rpm), 500, "Common.Unexpected", "unexpected EOF");
    }

    @Test
    void p2ACorruptPayloadFailsTheMd5Check() {
        Path rpm = TestRpms.flipLastByte(TestRpms.obproxy("4.3.3.0").build(dir));
        assertHandlerError(client.upload(URI, "a.rpm", rpm), 500, "Common.Unexpected",
                "MD5 checksum validation failed");
    }

    @Test
    void p3AForeignPackageNameIsRefused() {
        Path rpm = TestRpms.obproxy("4.3.3.0").name("oceanbase-ce").build(dir);
        assertHandlerError(client.upload(URI, "a.rpm", rpm), 400, "OBProxy.Package.Name.Invalid",
                "Unsupported name 'oceanbase-ce', the supported name is 'obproxy-ce'");
    }

    @Test
    void p4AReleaseWithoutADotIsRefused() {
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5").build(dir);
        assertHandlerError(client.upload(URI, "a.rpm", rpm), 400, "Package.ReleaseFormat.Invalid",
                "failed to check version and release: Release format 5 is illegal");
    }

    @Test
    void p5AVersionBelow400IsRefused() {
        Path rpm = TestRpms.obproxy("3.9.0").build(dir);
        assertHandlerError(client.upload(URI, "a.rpm", rpm), 400, "OBProxy.Version.NotSupported",
                "failed to check version and release: OBProxy version 3.9.0 is lower than the minimum supported "
                        + "version 4.2.0.0");
    }

    @Test
    void p6APackageWithoutTheObproxyBinaryIsRefused() {
        Path rpm = TestRpms.obproxy("4.3.3.0").withoutBinary().file("/home/admin/obproxy-4.3.3.0/bin/obproxyd",
                new byte[] {1}).build(dir);
        assertHandlerError(client.upload(URI, "a.rpm", rpm), 400, "OBProxy.Package.NotFound",
                "These files are missing: '[/home/admin/obproxy-4.3.3.0/bin/obproxy]'");
    }

    @Test
    void aRefusedUploadStoresNothingAndLeavesEarlierPackagesFindable() throws IOException {
        Path good = TestRpms.obproxy("4.3.3.0").release("5.el7").build(dir);
        client.upload(URI, "good.rpm", good);

        for (Path bad : List.of(TestRpms.flipLastByte(TestRpms.obproxy("4.3.3.0").release("5.el7").build(dir)),
                TestRpms.obproxy("4.3.3.0").release("5").build(dir), TestRpms.notAnRpm(dir))) {
            assertThat(client.upload(URI, "bad.rpm", bad).status()).isGreaterThanOrEqualTo(400);
        }

        assertThat(store.findAll()).hasSize(1);
        // A package whose MD5 failed was rolled back whole: it used up no PkgId either.
        assertThat(client.upload(URI, "next.rpm", TestRpms.obproxy("4.3.3.0").release("6.el7").build(dir)).data()
                .path("PkgId").asLong()).isEqualTo(2);
        StoredPackage stored = store.findNewest("obproxy-ce", "4.3.3.0", "5", "el7", "x86_64").orElseThrow();
        Path copy = dir.resolve("good-copy.rpm");
        store.writeRpm(stored.pkgId(), copy);
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(good));
    }

    @Test
    void theRouteIsVerifiedWithTheAgentPassword() {
        Path rpm = TestRpms.obproxy("4.3.3.0").build(dir);

        ObshellClient.Response response = emulator.signingWith("not the password").upload(URI, "a.rpm", rpm);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.errCode()).isEqualTo("Security.Authentication.IncorrectAgentPassword");
        assertThat(store.findAll()).isEmpty();
    }

    @Test
    void aPackageSpanningSeveralChunksRoundTrips() throws IOException {
        byte[] binary = new byte[PackageStore.CHUNK_SIZE + 1_000_000];
        new java.util.Random(7).nextBytes(binary);
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").binary(binary)
                .payloadCoding(org.eclipse.packager.rpm.coding.PayloadCoding.NONE).build(dir);

        ObshellClient.Response response = client.request("POST", URI)
                .multipartFile("file", "big.rpm", Files.readAllBytes(rpm)).timeout(Duration.ofMinutes(2)).send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.data().path("ChunkCount").asInt()).isEqualTo(2);
        Path copy = dir.resolve("big-copy.rpm");
        store.writeRpm(response.data().path("PkgId").asLong(), copy);
        assertThat(Files.mismatch(copy, rpm)).isEqualTo(-1);
    }

    // A body past 1 MiB is decrypted into a file under tmp/, deleted after the request; the upload
    // must also close its stream on it, or the deleted file keeps its disk space until a GC.
    @Test
    void aLargeUploadLeavesNoFileOfTheDataDirectoryOpen() throws IOException {
        Path fd = Path.of("/proc/self/fd");
        Assumptions.assumeTrue(Files.isDirectory(fd), "needs Linux /proc");
        byte[] binary = new byte[3 * 1024 * 1024];
        new java.util.Random(11).nextBytes(binary);
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").binary(binary).payloadFlags("0").build(dir);

        assertThat(client.upload(URI, "big.rpm", rpm).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(
                () -> assertThat(openFilesUnder(fd, dataDirectory.root())).isEmpty());
    }

    private static List<String> openFilesUnder(Path fd, Path root) throws IOException {
        List<String> open = new ArrayList<>();
        try (var links = Files.list(fd)) {
            for (Path link : links.toList()) {
                try {
                    String target = Files.readSymbolicLink(link).toString();
                    if (target.startsWith(root.toString()) && !target.endsWith(".db") && !target.contains(".db-")) {
                        open.add(target);
                    }
                } catch (IOException e) {
                    // closed while listing
                }
            }
        }
        return open;
    }

    private static void assertHandlerError(ObshellClient.Response response, int status, String errCode,
            String message) {
        assertError(response, status, errCode, message);
        assertThat(response.json().has("data")).as("data key").isTrue();
        assertThat(response.json().get("data").isNull()).as("data is null").isTrue();
    }

    private static void assertError(ObshellClient.Response response, int status, String errCode, String message) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.json().path("successful").asBoolean()).isFalse();
        assertThat(response.errCode()).isEqualTo(errCode);
        assertThat(response.message()).isEqualTo(message);
        assertThat(response.json().path("error").has("code")).isFalse();
        assertThat(response.json().path("traceId").asString()).hasSize(16);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }
}
