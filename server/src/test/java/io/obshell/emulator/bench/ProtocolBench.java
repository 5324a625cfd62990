package io.obshell.emulator.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.pkg.TestRpms;
import tools.jackson.databind.JsonNode;

/**
 * Load client for bench/*.sh (not a test): drives a running emulator over HTTP with the Java
 * client and prints what it measured. Scenarios:
 * <ul>
 * <li>{@code auth THREADS SECONDS}: signed GET /api/v1/task/dags/agent, the full header
 *     decrypt + verify path with a tiny handler;</li>
 * <li>{@code rejected THREADS SECONDS}: POST /api/v1/obproxy/upgrade refused at the version
 *     check (row O): decrypt, verify, bind, the ODP checks;</li>
 * <li>{@code poll THREADS SECONDS}: signed GET /api/v1/task/dag/{id}?show_details=false, a poll's
 *     route (a path with a variable) with an ID no DAG has: decrypt, verify, the route's lookup,
 *     obshell's not-found answer;</li>
 * <li>{@code dags RUNS [POLL_MS] [WARM_SECONDS]}: RUNS upgrades back to back with stage delay 0,
 *     each to SUCCEED, timing POST → SUCCEED as a client polling every POLL_MS (default 1) sees
 *     it, and POST → the DAG's own end_time: the first RUNS cold, then (WARM_SECONDS > 0, default
 *     0) after that many seconds of unmeasured upgrades, RUNS more warm. Before the first, the
 *     client warms its own JVM against a stub of its own ({@code -Dbench.clientWarmup=N} upgrades,
 *     default 3000, 0: none): the emulator sees none of it.</li>
 * </ul>
 */
public final class ProtocolBench {

    /** How often the dags scenario polls a running DAG: a client's pace, not a busy loop. */
    private static final long DEFAULT_POLL_MILLIS = 1;
    /**
     * Upgrades the dags scenario first runs against a local stub to warm its own JVM
     * ({@code -Dbench.clientWarmup=N}, 0: none), for at most {@link #CLIENT_WARMUP_NANOS}.
     */
    private static final int DEFAULT_CLIENT_WARMUP = 3000;
    private static final long CLIENT_WARMUP_NANOS = 20_000_000_000L;

    private ProtocolBench() {
    }

    public static void main(String[] args) throws Exception {
        ObshellClient client = ObshellClient.create(URI.create(args[0]), args[1]);
        switch (args[2]) {
            case "auth" -> throughput(client, Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    c -> c.get("/api/v1/task/dags/agent"), 200);
            case "rejected" -> throughput(client, Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    c -> c.post("/api/v1/obproxy/upgrade", "{\"version\":\"4.3.2.0\",\"release\":\"26.el7\"}"), 400);
            case "poll" -> {
                Function<ObshellClient, ObshellClient.Response> poll =
                        c -> c.get("/api/v1/task/dag/41270000001886199?show_details=false");
                throughput(client, Integer.parseInt(args[3]), Integer.parseInt(args[4]), poll,
                        poll.apply(client).status());
            }
            case "dags" -> dags(client, Integer.parseInt(args[3]),
                    args.length > 4 ? Long.parseLong(args[4]) : DEFAULT_POLL_MILLIS,
                    args.length > 5 ? Long.parseLong(args[5]) : 0);
            default -> throw new IllegalArgumentException("unknown scenario " + args[2]);
        }
    }

    private static void throughput(ObshellClient client, int threads, int seconds,
            Function<ObshellClient, ObshellClient.Response> call, int expectedStatus) throws Exception {
        // Warm up both JVMs and the key cache before measuring.
        long warmUntil = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < warmUntil) {
            check(call.apply(client), expectedStatus);
        }
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            futures.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    check(call.apply(client), expectedStatus);
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("requests=%d seconds=%.1f threads=%d requests_per_second=%.0f%n", done.get(), elapsed,
                threads, done.get() / elapsed);
    }

    /**
     * RUNS upgrades back to back, measured cold: the first DAGs this server runs, as a test suite
     * that starts an emulator sees them. With {@code warmSeconds} > 0, upgrades then run
     * unmeasured for that long (each to a package uploaded just before it), and RUNS more are
     * measured warm; each figure is printed on a line of its own, cold first.
     * <p>
     * Each DAG is polled (a GET of the DAG without details) every {@code pollMillis} until
     * SUCCEED, as a client waiting for it would; a poll costs the server a full encrypted request,
     * so polling without a pause would take a core of this 2-core machine from the runner it
     * measures. Two figures per DAG: what the polling client saw (POST sent → SUCCEED read, up to
     * one poll interval late) and when the DAG finished by its own end_time (POST sent →
     * end_time, same machine and clock), which no poll interval pads.
     */
    private static void dags(ObshellClient client, int runs, long pollMillis, long warmSeconds) throws Exception {
        Path dir = Files.createTempDirectory("dag-bench");
        // Each upgrade goes to a higher build of 4.3.3.0 than the one before it.
        int release = 100;
        uploadReleases(client, dir, release, runs);
        warmClientOffline(Integer.getInteger("bench.clientWarmup", DEFAULT_CLIENT_WARMUP));
        System.out.println("packages uploaded, upgrading");
        System.out.flush();
        measuredDags(client, "cold", release, runs, pollMillis);
        release += runs;
        if (warmSeconds <= 0) {
            return;
        }
        long warmUntil = System.nanoTime() + warmSeconds * 1_000_000_000L;
        int warmed = 0;
        while (System.nanoTime() < warmUntil) {
            uploadReleases(client, dir, release, 1);
            upgradeAndWait(client, release++, pollMillis);
            warmed++;
        }
        uploadReleases(client, dir, release, runs);
        System.out.printf("warm-up: %d DAGs in %d s, unmeasured%n", warmed, warmSeconds);
        System.out.println("packages uploaded, upgrading warm");
        System.out.flush();
        measuredDags(client, "warm", release, runs, pollMillis);
    }

    /**
     * Warms this client's own code (signing, encrypting, sending, parsing a DAG) against a stub
     * in this JVM, not the emulator, which sees none of it: the figures are the server's cold
     * start, not this JVM's, which shares the machine's two cores with the server. The stub
     * answers as the emulator would, a DAG RUNNING on the first poll and SUCCEED on the next.
     */
    private static void warmClientOffline(int upgrades) throws Exception {
        if (upgrades <= 0) {
            return;
        }
        long started = System.nanoTime();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        byte[] spki = generator.generateKeyPair().getPublic().getEncoded();
        // A 1024-bit key's SubjectPublicKeyInfo is 22 bytes of header before its PKCS#1 key.
        String pkcs1 = Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, 22, spki.length));
        String envelope = "{\"successful\":true,\"timestamp\":\"2026-12-01T10:00:00.123456789Z\",\"duration\":1,"
                + "\"status\":200,\"traceId\":\"0123456789abcdef\",\"data\":%s}";
        String dag = "{\"id\":\"41270000000012886%d\",\"dag_id\":%d,\"name\":\"Upgrade obproxy\",\"stage\":%d,"
                + "\"max_stage\":10,\"maintenance_type\":4,\"maintenance_key\":\"\",\"state\":\"%s\","
                + "\"operator\":\"RUN\",\"start_time\":\"2026-12-01T10:00:00.123456789Z\","
                + "\"end_time\":\"2026-12-01T10:00:00.%09dZ\",\"additional_data\":null,\"nodes\":null}";
        AtomicLong answered = new AtomicLong();
        Function<String, byte[]> answer = path -> {
            long n = answered.incrementAndGet();
            String data;
            if (path.equals("/api/v1/secret")) {
                data = "{\"public_key\":\"" + pkcs1 + "\"}";
            } else if (path.startsWith("/api/v1/task/dag/")) {
                data = String.format(dag, n, n, n % 2 == 0 ? 10 : 4, n % 2 == 0 ? "SUCCEED" : "RUNNING", n);
            } else {
                data = String.format(dag, n, n, 1, "READY", n);
            }
            byte[] body = String.format(envelope, data).getBytes(StandardCharsets.UTF_8);
            return ("HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: "
                    + body.length + "\r\n\r\n" + new String(body, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8);
        };
        try (ServerSocket stub = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> serveStub(stub, answer), "bench-client-stub");
            server.setDaemon(true);
            server.start();
            ObshellClient local = ObshellClient.create(URI.create("http://127.0.0.1:" + stub.getLocalPort()),
                    "bench-pwd");
            int done = 0;
            while (done < upgrades && System.nanoTime() - started < CLIENT_WARMUP_NANOS) {
                Instant sent = Instant.now();
                Upgrade upgrade = upgradeAndWait(local, 100 + done, 0);
                Duration.between(sent, OffsetDateTime.parse(upgrade.dag().path("end_time").asString()));
                done++;
            }
            upgrades = done;
        }
        long compiling = awaitCompilerIdle();
        System.out.printf("client warmed offline: %d upgrades against a stub in this JVM (the emulator saw none) "
                + "in %d ms, then %d ms for its JIT to settle%n", upgrades, (System.nanoTime() - started) / 1_000_000
                - compiling, compiling);
    }

    /**
     * Waits (at most 20 s) until this JVM's compilers have been idle for half a second: what the
     * warm-up made hot is compiled before the measured phase, not during it. The milliseconds waited.
     */
    private static long awaitCompilerIdle() throws InterruptedException {
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        long started = System.nanoTime();
        if (compiler == null || !compiler.isCompilationTimeMonitoringSupported()) {
            return 0;
        }
        long last = compiler.getTotalCompilationTime();
        int quiet = 0;
        while (quiet < 5 && System.nanoTime() - started < 20_000_000_000L) {
            Thread.sleep(100);
            long now = compiler.getTotalCompilationTime();
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    /**
     * The stub's side: HTTP/1.1 with keep-alive, each request's head read to its blank line and
     * its body by Content-Length, each answered with {@code answer} for its path.
     */
    private static void serveStub(ServerSocket stub, Function<String, byte[]> answer) {
        while (!stub.isClosed()) {
            try (Socket socket = stub.accept()) {
                socket.setTcpNoDelay(true);
                InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                String head;
                while ((head = readHead(in)) != null) {
                    String[] lines = head.split("\r\n");
                    long length = 0;
                    for (String line : lines) {
                        if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                            length = Long.parseLong(line.substring(15).trim());
                        }
                    }
                    in.skipNBytes(length);
                    String target = lines[0].split(" ")[1];
                    int query = target.indexOf('?');
                    out.write(answer.apply(query < 0 ? target : target.substring(0, query)));
                    out.flush();
                }
            } catch (IOException e) {
                // the client closed the connection, or the stub was closed
            }
        }
    }

    /** A request's head (up to its blank line), or null at the end of the stream. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (c == '\n' && head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                return head.substring(0, head.length() - 4);
            }
        }
        return null;
    }

    private static void uploadReleases(ObshellClient client, Path dir, int first, int count) throws Exception {
        for (int release = first; release < first + count; release++) {
            Path rpm = TestRpms.obproxy("4.3.3.0").release(release + ".el7").build(dir);
            check(client.upload("/api/v1/obproxy/package", rpm.getFileName().toString(), rpm), 200);
            Files.delete(rpm);
        }
    }

    private static void measuredDags(ObshellClient client, String label, int firstRelease, int runs, long pollMillis)
            throws Exception {
        long[] millis = new long[runs];
        long[] finished = new long[runs];
        long polls = 0;
        long all = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            Instant sent = Instant.now();
            long start = System.nanoTime();
            Upgrade done = upgradeAndWait(client, firstRelease + i, pollMillis);
            millis[i] = (System.nanoTime() - start) / 1_000_000;
            finished[i] = Duration.between(sent, OffsetDateTime.parse(done.dag().path("end_time").asString()))
                    .toMillis();
            polls += done.polls();
        }
        double total = (System.nanoTime() - all) / 1e9;
        Arrays.sort(millis);
        Arrays.sort(finished);
        System.out.printf("%s runs=%d poll_ms=%d polls_per_dag=%.1f end_time_median_ms=%d end_time_p90_ms=%d "
                + "median_ms=%d p90_ms=%d max_ms=%d dags_per_second=%.1f%n", label, runs, pollMillis,
                (double) polls / runs, finished[runs / 2], finished[(int) (runs * 0.9)], millis[runs / 2],
                millis[(int) (runs * 0.9)], millis[runs - 1], runs / total);
        System.out.flush();
    }

    private record Upgrade(JsonNode dag, long polls) {
    }

    /** POSTs the upgrade to {@code release} and polls the DAG until it SUCCEEDs. */
    private static Upgrade upgradeAndWait(ObshellClient client, int release, long pollMillis) throws Exception {
        ObshellClient.Response created = client.post("/api/v1/obproxy/upgrade",
                "{\"version\":\"4.3.3.0\",\"release\":\"" + release + ".el7\"}");
        check(created, 200);
        String id = created.data().path("id").asString();
        long polls = 0;
        while (true) {
            JsonNode dag = client.get("/api/v1/task/dag/" + id + "?show_details=false").data();
            polls++;
            String state = dag.path("state").asString();
            if (state.equals("SUCCEED")) {
                return new Upgrade(dag, polls);
            }
            if (state.equals("FAILED")) {
                throw new IllegalStateException("DAG " + id + " failed");
            }
            if (pollMillis > 0) {
                Thread.sleep(pollMillis);
            }
        }
    }

    private static void check(ObshellClient.Response response, int expectedStatus) {
        if (response.status() != expectedStatus) {
            throw new IllegalStateException("unexpected answer " + response.status() + ": " + response.body());
        }
    }
}
