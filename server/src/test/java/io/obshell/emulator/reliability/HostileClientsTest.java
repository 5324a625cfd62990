package io.obshell.emulator.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.obshell.emulator.RawHttp;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.junit.ObshellEmulatorExtension;
import io.obshell.emulator.pkg.TestRpms;
import io.obshell.emulator.secure.RsaKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on a real emulator process (started by ObshellEmulatorExtension, as users start it), with a small heap
 * ({@code -Xmx256m}) and the extension's {@code -XX:+ExitOnOutOfMemoryError}: a heap exhausted once ends the
 * process, and every test ends by checking that it still answers within 2 s. Each attack is sized
 * to take seconds here yet to exhaust that heap, or every server thread, or the spool limit, had
 * the corresponding bound been missing (issue 8: F1, F2, F3, F4, F6).
 */
@Timeout(300)
class HostileClientsTest {

    private static final String PASSWORD = "Hostile#Pwd1";
    private static final long UPLOAD_LIMIT = 4L << 20;

    /**
     * A dedicated process (its small heap is part of the test), started by our own JUnit
     * extension as users start it; its stage delay 0 and upload limit are set here.
     */
    @RegisterExtension
    static final ObshellEmulatorExtension EMULATOR = ObshellEmulatorExtension.builder()
            .agentPassword(PASSWORD)
            .stageDelay(Duration.ZERO)
            .property("obshell.emulator.limits.upload-body", UPLOAD_LIMIT + "B")
            .jvmArgs("-Xmx256m")
            .shared(false)
            .build();

    @TempDir
    Path dir;

    private int port;
    private URI base;
    private ObshellClient client;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void connect() {
        port = EMULATOR.port();
        base = EMULATOR.baseUri();
        client = EMULATOR.client();
    }

    /** Every attack must leave the process up and answering (a process ended by an OutOfMemoryError does not). */
    @AfterEach
    void stillAnswers() throws Exception {
        assertAnswered("/api/v1/info", Duration.ofSeconds(10));
        assertAnswered("/__emulator/health", Duration.ofSeconds(10));
    }

    /** F1: three 400 MB control-plane bodies, each more than the whole heap. */
    @Test
    void hugeControlPlaneBodiesAreRefusedUnread() throws Exception {
        for (int i = 0; i < 3; i++) {
            long sent = streamBody("PUT /__emulator/pacing HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n", 400L << 20, true);
            assertThat(sent).as("bytes the server took before refusing").isLessThan(64L << 20);
        }
        try (RawHttp connection = RawHttp.connect(port)) {
            RawHttp.Response declared = connection.exchange("PUT /__emulator/pacing HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 734003200\r\n\r\n");
            assertThat(declared.status()).isEqualTo(413);
        }
    }

    /**
     * F2: 400 journaled requests of 60 KB of {@code [{},{},...]}: kept as parsed trees they would
     * take more than the heap; kept as text they stay within the journal's 8 MB. Then long query
     * strings, which the journal keeps capped.
     */
    @Test
    void journaledRequestsStayWithinTheJournalsBytes() throws Exception {
        String body = "[" + String.join(",", java.util.Collections.nCopies(20_000, "{}")) + "]";
        for (int i = 0; i < 400; i++) {
            assertThat(client.post("/api/v1/status", body).status()).isEqualTo(200);
        }
        String pad = "q".repeat(50_000);
        for (int i = 0; i < 100; i++) {
            client.request("GET", "/api/v1/info?pad=" + pad).headerType(ObshellClient.HeaderType.NONE).send();
        }
        HttpResponse<byte[]> journal = http.send(HttpRequest.newBuilder(base.resolve("/__emulator/requests")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(journal.statusCode()).isEqualTo(200);
        assertThat(journal.body().length).as("journal size as served").isLessThan(8 << 20);
    }

    /**
     * F3: 300 connections that send their headers and one byte of body, then nothing: more than
     * the server's 200 threads, had each of them held one while waiting for the rest.
     */
    @Test
    void slowSendersDoNotBlockOtherClients() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                String target = i % 10 == 9 ? "POST /api/v1/obproxy/package" : switch (i % 3) {
                    case 0 -> "PUT /__emulator/pacing";
                    case 1 -> "POST /api/v1/agent/password";
                    default -> "POST /api/v1/obproxy/upgrade";
                };
                Socket socket = new Socket("127.0.0.1", port);
                socket.getOutputStream().write((target + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                slow.add(socket);
            }
            assertAnsweredWithin2s("/api/v1/info");
            long start = System.nanoTime();
            ObshellClient.Response upgrade = client.request("POST", "/api/v1/obproxy/upgrade")
                    .body("{\"version\":\"4.3.2.0\",\"release\":\"26\"}").timeout(Duration.ofSeconds(2)).send();
            assertThat(upgrade.status()).isEqualTo(400);
            HttpResponse<String> pacing = http.send(HttpRequest.newBuilder(base.resolve("/__emulator/pacing"))
                    .timeout(Duration.ofSeconds(2)).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"paused\":false}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(pacing.statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    /**
     * F4: an upload ten times the upload limit, from a client that knows only the public key:
     * refused as a read failure once the limit is crossed, the spool never larger than the limit,
     * and a real upload goes through afterwards.
     */
    @Test
    void uploadSpoolNeverGrowsPastTheLimit() throws Exception {
        Path big = dir.resolve("big.rpm");
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(big)) {
            for (int i = 0; i < 30; i++) {
                out.write(block);
            }
        }
        Path tmp = EMULATOR.emulator().dataDir().resolve("tmp");
        AtomicLong largest = new AtomicLong();
        AtomicBoolean sampling = new AtomicBoolean(true);
        CompletableFuture<Void> sampler = CompletableFuture.runAsync(() -> {
            while (sampling.get()) {
                largest.accumulateAndGet(size(tmp), Math::max);
                Thread.onSpinWait();
            }
        });
        ObshellClient.Response refused;
        try {
            refused = ObshellClient.create(base, "wrong password").upload("/api/v1/obproxy/package", "obproxy.rpm", big);
        } catch (UncheckedIOException e) {
            // The server answers once the limit is crossed and closes the connection while the
            // client is still writing the other 26 MB; whether the client reads the answer before
            // its write fails is a race of the two TCP ends (Go's net/http has the same one).
            refused = null;
        } finally {
            sampling.set(false);
        }
        sampler.get();

        if (refused != null) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.errCode()).isEqualTo("Request.Body.ReadFailed");
        }
        assertThat(largest.get()).as("largest spool seen").isLessThanOrEqualTo(UPLOAD_LIMIT + (1 << 20));
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").build(dir);
        assertThat(client.upload("/api/v1/obproxy/package", "obproxy.rpm", rpm).status()).isEqualTo(200);
    }

    /** F6: 30-60 KB auth headers of genuine RSA blocks, eight at a time, refused before decryption. */
    @Test
    void hugeAuthHeadersAreRefusedBeforeAnyRsaWork() throws Exception {
        String publicKey = client.request("GET", "/api/v1/secret").headerType(ObshellClient.HeaderType.NONE).send()
                .data().get("public_key").stringValue();
        byte[] plain = ("{\"auth\":\"" + "x".repeat(14_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        String header = Base64.getEncoder().encodeToString(RsaKeys.encryptChunks(
                RsaKeys.publicKeyFromPkcs1(Base64.getDecoder().decode(publicKey)), plain));
        assertThat(header.length()).isBetween(30_000, 60_000);

        List<CompletableFuture<HttpResponse<String>>> answers = Stream.generate(() -> http.sendAsync(
                HttpRequest.newBuilder(base.resolve("/api/v1/info")).header("X-OCS-Agent-Header", header).build(),
                HttpResponse.BodyHandlers.ofString())).limit(8).toList();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get();
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).contains("Security.Authentication.Header.DecryptFailed",
                    "bytes is longer than 16384");
        }
    }

    private void assertAnsweredWithin2s(String path) throws Exception {
        assertAnswered(path, Duration.ofSeconds(2));
    }

    private void assertAnswered(String path, Duration within) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path))
                .timeout(within).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
    }

    /** Streams up to {@code total} bytes of body (as chunks when asked) until the server stops taking them. */
    private long streamBody(String head, long total, boolean chunked) throws IOException {
        long sent = 0;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] data = new byte[64 * 1024];
            Arrays.fill(data, (byte) 'A');
            byte[] chunkHead = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                while (sent < total) {
                    if (chunked) {
                        out.write(chunkHead);
                    }
                    out.write(data);
                    if (chunked) {
                        out.write('\r');
                        out.write('\n');
                    }
                    sent += data.length;
                }
            } catch (IOException e) {
                // The server refused the rest and closed the connection.
            }
        }
        return sent;
    }

    private static long size(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }
}
