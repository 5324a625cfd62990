package io.obshell.emulator.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.pkg.TestRpms;
import tools.jackson.databind.JsonNode;

/**
 * The kill loop of bench/kill-loop.sh (not a test): starts the packaged emulator on one data
 * directory, drives DAGs, uploads, operators and resets at it from several threads, SIGKILLs it
 * at a random moment, checks the database while it is down, restarts it and checks that every
 * DAG resumed and ended; N times. A kill after which anything is wrong counts as a loss:
 * <ul>
 * <li>down: {@code PRAGMA integrity_check} is not ok; the maintenance lock is held without an
 *     unfinished maintenance DAG or free with one; a DAG lacks nodes or sub_tasks; a FAILED DAG
 *     has no FAILED node; more than one package row has no content (one may: the upload whose
 *     row had committed and whose chunks, in the other file, had not); a package acknowledged
 *     (200) before the kill, with no reset started since, is gone or has no content;</li>
 * <li>up: the server does not start, or an unfinished DAG that was not FAILED does not end.</li>
 * </ul>
 * Usage: {@code KillLoopBench JAR WORK_DIR KILLS [SEED]}.
 */
public final class KillLoopBench {

    private static final String PASSWORD = "bench-pwd";
    private static final String[] TASKS = {"Create upgrade dir", "Download obproxy pkg from sqlite",
        "Check obproxy pkg", "Backup for upgrade", "Reinstall obproxy bin", "Copy config db file",
        "Record obproxy info", "Hot restart obproxy", "Wait hot restart obproxy finish", "Remove upgrade dir"};
    private static final String[] OPERATORS = {"RETRY", "ROLLBACK", "PASS", "RETRY"};

    private final Path jar;
    private final Path work;
    private final Path data;
    private final Random random;
    private final List<Path> rpms = new ArrayList<>();
    /** Acknowledged uploads: version → the reset epoch it was acknowledged in. */
    private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    /** Incremented before every reset is sent: a package acknowledged before a newer epoch may be gone. */
    private final AtomicLong resetEpoch = new AtomicLong();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Integer> killedDuring = new TreeMap<>();
    private final List<String> losses = new ArrayList<>();

    private KillLoopBench(Path jar, Path work, long seed) {
        this.jar = jar;
        this.work = work;
        this.data = work.resolve("data");
        this.random = new Random(seed);
        for (String activity : new String[] {"upload", "upgrade", "operator", "reset", "dag-running"}) {
            inFlight.put(activity, new AtomicInteger());
        }
    }

    public static void main(String[] args) throws Exception {
        long seed = args.length > 3 ? Long.parseLong(args[3]) : System.nanoTime();
        KillLoopBench bench = new KillLoopBench(Path.of(args[0]), Path.of(args[1]), seed);
        System.out.println("seed=" + seed);
        bench.run(Integer.parseInt(args[2]));
    }

    private void run(int kills) throws Exception {
        for (int k = 0; k < 16; k++) {
            String version = "4.3." + (3 + k) + ".0";
            byte[] binary = new byte[256 * 1024];
            random.nextBytes(binary);
            rpms.add(TestRpms.obproxy(version).release((k + 1) + ".el7").binary(binary).payloadFlags("0")
                    .build(work.resolve("rpms")));
        }
        long started = System.nanoTime();
        for (int kill = 1; kill <= kills; kill++) {
            List<String> problems = new ArrayList<>();
            int port = freePort();
            Process server = start(port);
            URI base = URI.create("http://127.0.0.1:" + port);
            if (!awaitUp(base, server)) {
                problems.add("did not start: " + tail(work.resolve("server.log")));
            } else {
                problems.addAll(checkResumed(base));
                String activity = drive(base, server);
                killedDuring.merge(activity, 1, Integer::sum);
            }
            server.destroyForcibly();
            server.waitFor();
            problems.addAll(checkDown());
            String verdict = problems.isEmpty() ? "ok" : "LOSS " + problems;
            if (!problems.isEmpty()) {
                losses.add("kill " + kill + ": " + problems);
            }
            System.out.printf("kill %d/%d during %s: %s%n", kill, kills, lastActivity, verdict);
        }
        System.out.printf("kills=%d losses=%d elapsed_s=%d killed_during=%s%n", kills, losses.size(),
                (System.nanoTime() - started) / 1_000_000_000L, killedDuring);
        losses.forEach(System.out::println);
        if (!losses.isEmpty()) {
            System.exit(1);
        }
    }

    private String lastActivity = "";

    private Process start(int port) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-XX:+ExitOnOutOfMemoryError", "-jar",
                jar.toString(), "--server.port=" + port, "--obshell.data-dir=" + data,
                "--obshell.emulator.stage-delay=30ms", "--logging.level.root=WARN");
        builder.environment().put("OBSHELL_AGENT_PASSWORD", PASSWORD);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                work.resolve("server.log").toFile()));
        return builder.start();
    }

    private static boolean awaitUp(URI base, Process server) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && server.isAlive()) {
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/info"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** After a restart: every unfinished DAG that had not failed resumes and ends. */
    private List<String> checkResumed(URI base) throws InterruptedException {
        ObshellClient client = ObshellClient.create(base, PASSWORD);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> stuck = List.of();
        while (System.nanoTime() < deadline) {
            ObshellClient.Response unfinished = client.get("/api/v1/task/dag/unfinish?show_details=false");
            if (unfinished.status() != 200) {
                return List.of("unfinished list answered " + unfinished.status());
            }
            stuck = new ArrayList<>();
            for (JsonNode dag : unfinished.data().path("contents")) {
                if (!dag.path("state").asString().equals("FAILED")) {
                    stuck.add(dag.path("id").asString() + " " + dag.path("state").asString() + " stage "
                            + dag.path("stage").asInt());
                }
            }
            if (stuck.isEmpty()) {
                return List.of();
            }
            Thread.sleep(100);
        }
        return List.of("DAGs did not resume to an end: " + stuck);
    }

    /** Drives the mixed load for a random time, then kills; answers what was in flight. */
    private String drive(URI base, Process server) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = List.of(
                new Thread(() -> swallow(running, () -> uploads(base, running))),
                new Thread(() -> swallow(running, () -> upgrades(base, running))),
                new Thread(() -> swallow(running, () -> resets(base, running))));
        threads.forEach(Thread::start);
        Thread.sleep(200 + random.nextInt(1800));
        StringBuilder during = new StringBuilder();
        inFlight.forEach((activity, count) -> {
            if (count.get() > 0) {
                during.append(during.isEmpty() ? "" : "+").append(activity);
            }
        });
        server.destroyForcibly();
        running.set(false);
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        inFlight.values().forEach(count -> count.set(0));
        lastActivity = during.isEmpty() ? "idle" : during.toString();
        return lastActivity;
    }

    private void uploads(URI base, AtomicBoolean running) {
        ObshellClient client = ObshellClient.create(base, PASSWORD);
        while (running.get()) {
            int k = ThreadLocalRandom.current().nextInt(rpms.size());
            long epoch = resetEpoch.get();
            ObshellClient.Response answer = counted("upload",
                    () -> client.upload("/api/v1/obproxy/package", "obproxy.rpm", rpms.get(k)));
            if (answer.status() == 200) {
                acknowledged.put(answer.data().path("Version").asString(), epoch);
            }
        }
    }

    private void upgrades(URI base, AtomicBoolean running) throws InterruptedException {
        ObshellClient client = ObshellClient.create(base, PASSWORD);
        HttpClient control = HttpClient.newHttpClient();
        while (running.get()) {
            JsonNode unfinished = client.get("/api/v1/task/dag/unfinish?show_details=false").data().path("contents");
            inFlight.get("dag-running").set(0);
            String failed = null;
            for (JsonNode dag : unfinished) {
                if (dag.path("state").asString().equals("FAILED")) {
                    failed = dag.path("id").asString();
                } else {
                    inFlight.get("dag-running").set(1);
                }
            }
            if (failed != null) {
                String id = failed;
                String operator = OPERATORS[ThreadLocalRandom.current().nextInt(OPERATORS.length)];
                counted("operator", () -> client.post("/api/v1/task/dag/" + id, "{\"operator\":\"" + operator + "\"}"));
            } else if (unfinished.isEmpty()) {
                if (ThreadLocalRandom.current().nextInt(3) == 0) {
                    String task = TASKS[ThreadLocalRandom.current().nextInt(TASKS.length)];
                    send(control, base, "POST", "/__emulator/faults", "{\"task\":\"" + task + "\",\"times\":1}");
                }
                String version = acknowledged.keySet().stream().max(KillLoopBench::compareVersions).orElse(null);
                if (version != null) {
                    int k = Integer.parseInt(version.split("\\.")[2]) - 3;
                    counted("upgrade", () -> client.post("/api/v1/obproxy/upgrade",
                            "{\"version\":\"" + version + "\",\"release\":\"" + (k + 1) + ".el7\"}"));
                }
            }
            Thread.sleep(50);
        }
    }

    private void resets(URI base, AtomicBoolean running) throws InterruptedException {
        HttpClient control = HttpClient.newHttpClient();
        while (running.get()) {
            Thread.sleep(400 + ThreadLocalRandom.current().nextInt(800));
            if (running.get() && ThreadLocalRandom.current().nextInt(4) == 0) {
                resetEpoch.incrementAndGet();
                inFlight.get("reset").incrementAndGet();
                try {
                    send(control, base, "POST", "/__emulator/reset", null);
                } finally {
                    inFlight.get("reset").decrementAndGet();
                }
            }
        }
    }

    /** While the server is down: what the database says. */
    private List<String> checkDown() throws Exception {
        List<String> problems = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("obshell.db"));
                Statement sql = db.createStatement()) {
            sql.execute("ATTACH DATABASE '" + data.resolve("packages.db") + "' AS packages");
            String integrity = single(sql, "PRAGMA integrity_check");
            if (!"ok".equals(integrity)) {
                problems.add("integrity_check: " + integrity);
            }
            boolean held = "4".equals(single(sql, "SELECT value FROM obproxy_info WHERE name = 'status'"));
            long open = Long.parseLong(single(sql,
                    "SELECT count(*) FROM dag_instance WHERE is_maintenance = 1 AND is_finished = 0"));
            if (held != (open > 0)) {
                problems.add("lock " + (held ? "held" : "free") + " with " + open + " unfinished maintenance DAGs");
            }
            String incomplete = single(sql, "SELECT count(*) FROM dag_instance d WHERE max_stage <> "
                    + "(SELECT count(*) FROM node_instance n WHERE n.dag_id = d.id AND EXISTS "
                    + "(SELECT 1 FROM subtask_instance s WHERE s.node_id = n.id))");
            if (!"0".equals(incomplete)) {
                problems.add(incomplete + " DAGs without all their nodes and sub_tasks");
            }
            String failedWithoutNode = single(sql, "SELECT count(*) FROM dag_instance d WHERE state = 4 AND NOT EXISTS "
                    + "(SELECT 1 FROM node_instance n WHERE n.dag_id = d.id AND n.state = 4)");
            if (!"0".equals(failedWithoutNode)) {
                problems.add(failedWithoutNode + " FAILED DAGs without a FAILED node");
            }
            String empty = single(sql, "SELECT count(*) FROM upgrade_pkg_info p WHERE NOT EXISTS "
                    + "(SELECT 1 FROM packages.upgrade_pkg_chunk c WHERE c.pkg_id = p.pkg_id)");
            // A row without content is the one upload whose row committed (obshell.db) and whose
            // chunks (packages.db) had not when the kill came: unanswered, and removed at the start.
            if (Long.parseLong(empty) > 1) {
                problems.add(empty + " packages without content");
            }
            Set<String> stored = ConcurrentHashMap.newKeySet();
            try (ResultSet rows = sql.executeQuery("SELECT version FROM upgrade_pkg_info p WHERE EXISTS "
                    + "(SELECT 1 FROM packages.upgrade_pkg_chunk c WHERE c.pkg_id = p.pkg_id)")) {
                while (rows.next()) {
                    stored.add(rows.getString(1));
                }
            }
            long epoch = resetEpoch.get();
            acknowledged.forEach((version, ackEpoch) -> {
                if (ackEpoch == epoch && !stored.contains(version)) {
                    problems.add("acknowledged package " + version + " is gone");
                }
            });
            acknowledged.keySet().removeIf(version -> !stored.contains(version));
        }
        return problems;
    }

    private static String single(Statement sql, String query) throws Exception {
        try (ResultSet rows = sql.executeQuery(query)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    private ObshellClient.Response counted(String activity, java.util.function.Supplier<ObshellClient.Response> call) {
        inFlight.get(activity).incrementAndGet();
        try {
            return call.get();
        } finally {
            inFlight.get(activity).decrementAndGet();
        }
    }

    private static void send(HttpClient http, URI base, String method, String path, String json) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                request.header("Content-Type", "application/json");
            }
            http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The load threads fail with I/O errors once the server is killed: expected, and ignored then. */
    private static void swallow(AtomicBoolean running, ThrowingRunnable body) {
        try {
            body.run();
        } catch (Exception | Error e) {
            if (running.get()) {
                System.out.println("  load error while up: " + e);
            }
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static int compareVersions(String a, String b) {
        return Integer.compare(Integer.parseInt(a.split("\\.")[2]), Integer.parseInt(b.split("\\.")[2]));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }
}
