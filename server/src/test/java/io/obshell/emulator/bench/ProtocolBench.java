package io.obshell.emulator.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
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
 * <li>{@code dags RUNS [POLL_MS] [WARM_SECONDS]}: RUNS upgrades back to back with stage delay 0,
 *     each to SUCCEED, timing POST → SUCCEED as a client polling every POLL_MS (default 1) sees
 *     it, and POST → the DAG's own end_time: the first RUNS cold, then (WARM_SECONDS > 0, default
 *     0) after that many seconds of unmeasured upgrades, RUNS more warm.</li>
 * </ul>
 */
public final class ProtocolBench {

    /** How often the dags scenario polls a running DAG: a client's pace, not a busy loop. */
    private static final long DEFAULT_POLL_MILLIS = 1;

    private ProtocolBench() {
    }

    public static void main(String[] args) throws Exception {
        ObshellClient client = ObshellClient.create(URI.create(args[0]), args[1]);
        switch (args[2]) {
            case "auth" -> throughput(client, Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    c -> c.get("/api/v1/task/dags/agent"), 200);
            case "rejected" -> throughput(client, Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    c -> c.post("/api/v1/obproxy/upgrade", "{\"version\":\"4.3.2.0\",\"release\":\"26.el7\"}"), 400);
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
