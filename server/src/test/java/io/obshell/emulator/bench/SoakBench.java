package io.obshell.emulator.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.pkg.TestRpms;

/**
 * The soak of bench/soak.sh (not a test): mixed load against a running emulator for a chosen
 * time, printing every interval the requests and errors so far and the server's heap after a
 * full GC, RSS, open descriptors and threads. The load: unauthenticated reads, signed task
 * queries, control-plane reads and fault arming, and upgrade cycles (upload, upgrade polled to
 * SUCCEED, now and then a fault and an operator, a reset every few cycles). An error is any
 * answer other than the one the call expects, or no answer.
 * Usage: {@code SoakBench BASE_URL PASSWORD SERVER_PID SECONDS INTERVAL_SECONDS WORK_DIR}.
 */
public final class SoakBench {

    private final URI base;
    private final String password;
    private final long pid;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final Map<String, AtomicLong> errorsByCall = new ConcurrentHashMap<>();
    private final List<Path> rpms = new ArrayList<>();

    private SoakBench(URI base, String password, long pid) {
        this.base = base;
        this.password = password;
        this.pid = pid;
    }

    public static void main(String[] args) throws Exception {
        SoakBench bench = new SoakBench(URI.create(args[0]), args[1], Long.parseLong(args[2]));
        bench.run(Integer.parseInt(args[3]), Integer.parseInt(args[4]), Path.of(args[5]));
    }

    private void run(int seconds, int interval, Path work) throws Exception {
        for (int k = 0; k < 8; k++) {
            rpms.add(TestRpms.obproxy("4.3." + (3 + k) + ".0").release((k + 1) + ".el7").payloadFlags("0")
                    .build(work.resolve("soak-rpms")));
        }
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            threads.add(new Thread(() -> loop(running, this::reads)));
        }
        threads.add(new Thread(() -> loop(running, this::controlReads)));
        threads.add(new Thread(() -> loop(running, this::upgradeCycles)));
        long start = System.nanoTime();
        System.out.println("t_s requests errors heap_after_gc_mb rss_mb fds threads");
        sample(0);
        threads.forEach(Thread::start);
        for (int t = interval; t <= seconds; t += interval) {
            long wake = start + t * 1_000_000_000L;
            Thread.sleep(Math.max(0, (wake - System.nanoTime()) / 1_000_000));
            sample(t);
        }
        running.set(false);
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        System.out.printf("total requests=%d errors=%d errors_by_call=%s%n", requests.get(), errors.get(), errorsByCall);
    }

    private void sample(int t) throws Exception {
        String heap = heapAfterGc();
        Map<String, String> status = new ConcurrentHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            String[] parts = line.split(":\\s+", 2);
            if (parts.length == 2) {
                status.put(parts[0], parts[1].trim());
            }
        }
        long rssKb = Long.parseLong(status.getOrDefault("VmRSS", "0 kB").split(" ")[0]);
        long fds;
        try (var entries = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            fds = entries.count();
        }
        System.out.printf("%d %d %d %s %d %d %s%n", t, requests.get(), errors.get(), heap, rssKb / 1024, fds,
                status.get("Threads"));
    }

    /** jcmd GC.run, then jstat's used-space columns (survivors, eden, old) summed. */
    private String heapAfterGc() throws IOException, InterruptedException {
        new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        Process jstat = new ProcessBuilder("jstat", "-gc", Long.toString(pid)).redirectErrorStream(true).start();
        List<String> lines = new String(jstat.getInputStream().readAllBytes()).lines().toList();
        jstat.waitFor();
        if (lines.size() < 2) {
            return "?";
        }
        String[] names = lines.get(0).trim().split("\\s+");
        String[] values = lines.get(1).trim().split("\\s+");
        double usedKb = 0;
        for (int i = 0; i < names.length && i < values.length; i++) {
            if (names[i].equals("S0U") || names[i].equals("S1U") || names[i].equals("EU") || names[i].equals("OU")) {
                usedKb += Double.parseDouble(values[i]);
            }
        }
        return String.format("%.1f", usedKb / 1024);
    }

    private void reads(ObshellClient anonymous, ObshellClient agent, HttpClient http) {
        expect("info", anonymous.get("/api/v1/info").status(), 200);
        expect("time", anonymous.get("/api/v1/time").status(), 200);
        expect("dags", agent.get("/api/v1/task/dags/agent?show_details=false").status(), 200);
        expect("unfinished", agent.get("/api/v1/task/dag/unfinish").status(), 200);
        expect("status", anonymous.get("/api/v1/status").status(), 200);
    }

    private void controlReads(ObshellClient anonymous, ObshellClient agent, HttpClient http) throws Exception {
        expect("journal", send(http, "GET", "/__emulator/requests?limit=20", null), 200);
        expect("pacing", send(http, "GET", "/__emulator/pacing", null), 200);
        expect("health", send(http, "GET", "/__emulator/health", null), 200);
        expect("obproxy", send(http, "GET", "/__emulator/obproxy", null), 200);
        Thread.sleep(20);
    }

    private int cycle;

    private void upgradeCycles(ObshellClient anonymous, ObshellClient agent, HttpClient http) throws Exception {
        if (cycle % 8 == 0) {
            expect("reset", send(http, "POST", "/__emulator/reset", null), 200);
        }
        int k = cycle % 8;
        cycle++;
        expect("upload", agent.upload("/api/v1/obproxy/package", "obproxy.rpm", rpms.get(k)).status(), 200);
        boolean fault = ThreadLocalRandom.current().nextInt(3) == 0;
        if (fault) {
            expect("fault", send(http, "POST", "/__emulator/faults",
                    "{\"task\":\"Hot restart obproxy\",\"times\":1}"), 201);
        }
        ObshellClient.Response created = agent.post("/api/v1/obproxy/upgrade",
                "{\"version\":\"4.3." + (3 + k) + ".0\",\"release\":\"" + (k + 1) + ".el7\"}");
        expect("upgrade", created.status(), 200);
        if (created.status() != 200) {
            return;
        }
        String id = created.data().path("id").asString();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            ObshellClient.Response dag = agent.get("/api/v1/task/dag/" + id + "?show_details=false");
            requests.incrementAndGet();
            String state = dag.data().path("state").asString();
            if (state.equals("SUCCEED")) {
                return;
            }
            if (state.equals("FAILED")) {
                ObshellClient.Response retry = agent.post("/api/v1/task/dag/" + id, "{\"operator\":\"RETRY\"}");
                expect("operator", retry.status(), 200);
            }
            Thread.sleep(50);
        }
        expect("dag-ended", 0, 200);
    }

    private void expect(String call, int status, int expected) {
        requests.incrementAndGet();
        if (status != expected) {
            errors.incrementAndGet();
            errorsByCall.computeIfAbsent(call + ":" + status, key -> new AtomicLong()).incrementAndGet();
        }
    }

    private int send(HttpClient http, String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @FunctionalInterface
    private interface Load {
        void run(ObshellClient anonymous, ObshellClient agent, HttpClient http) throws Exception;
    }

    private void loop(AtomicBoolean running, Load load) {
        ObshellClient anonymous = ObshellClient.create(base, null);
        ObshellClient agent = ObshellClient.create(base, password);
        HttpClient http = HttpClient.newHttpClient();
        while (running.get()) {
            try {
                load.run(anonymous, agent, http);
            } catch (Exception e) {
                expect("exception " + e.getClass().getSimpleName(), -1, 0);
            }
        }
    }
}
