package io.obshell.emulator.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link EmulatorControl} over HTTP with the JDK's client. Bodies are built and read as JSON
 * trees field by field, so the wire names stay visible here and no Jackson configuration (of
 * ours or of the user's) changes what is sent.
 */
final class HttpEmulatorControl implements EmulatorControl {

    private static final String CONTROL = "/__emulator";
    static {
        JacksonCheck.requireAnnotations();
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final String token;
    private final HttpClient http;

    HttpEmulatorControl(URI base, String token) {
        this.base = base;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public URI baseUri() {
        return base;
    }

    @Override
    public Health health() {
        JsonNode json = call("GET", CONTROL + "/health", null);
        return new Health(text(json, "status"), text(json, "emulatorVersion"), text(json, "agentVersion"),
                text(json, "startedAt"), text(json, "uptime"), json.path("uptimeSeconds").asLong());
    }

    @Override
    public ResetResult reset(boolean newKeys) {
        JsonNode json = call("POST", CONTROL + "/reset" + (newKeys ? "?keys=true" : ""), null);
        List<String> reset = new ArrayList<>();
        json.path("reset").forEach(node -> reset.add(node.asString()));
        return new ResetResult(List.copyOf(reset), json.path("keysRegenerated").asBoolean());
    }

    @Override
    public FaultRule armFault(Fault fault) {
        ObjectNode body = JSON.createObjectNode();
        putIfSet(body, "task", fault.task());
        putIfSet(body, "dag", fault.dag());
        putIfSet(body, "version", fault.version());
        if (fault.times() != null) {
            body.put("times", fault.times());
        }
        putIfSet(body, "phase", fault.phase());
        putIfSet(body, "errCode", fault.errCode());
        putIfSet(body, "message", fault.message());
        if (fault.delay() != null) {
            body.put("delay", fault.delay().toString());
        }
        if (fault.fail() != null) {
            body.put("fail", fault.fail());
        }
        return faultRule(call("POST", CONTROL + "/faults", body.toString()));
    }

    @Override
    public List<FaultRule> faults() {
        List<FaultRule> rules = new ArrayList<>();
        call("GET", CONTROL + "/faults", null).forEach(node -> rules.add(faultRule(node)));
        return List.copyOf(rules);
    }

    @Override
    public FaultRule fault(String id) {
        return faultRule(call("GET", CONTROL + "/faults/" + encode(id), null));
    }

    @Override
    public void removeFault(String id) {
        call("DELETE", CONTROL + "/faults/" + encode(id), null);
    }

    @Override
    public void clearFaults() {
        call("DELETE", CONTROL + "/faults", null);
    }

    @Override
    public Pacing pacing() {
        return pacing(call("GET", CONTROL + "/pacing", null));
    }

    @Override
    public Pacing updatePacing(PacingUpdate update) {
        ObjectNode body = JSON.createObjectNode();
        if (update.stageDelay() != null) {
            body.put("stageDelay", update.stageDelay().toString());
        }
        if (update.taskDelays() != null) {
            ObjectNode delays = body.putObject("taskDelays");
            update.taskDelays().forEach((task, delay) -> delays.put(task, delay.toString()));
        }
        if (update.paused() != null) {
            body.put("paused", update.paused());
        }
        return pacing(call("PUT", CONTROL + "/pacing", body.toString()));
    }

    @Override
    public void step() {
        call("POST", CONTROL + "/pacing/step", null);
    }

    @Override
    public ObproxyState obproxy() {
        return obproxy(call("GET", CONTROL + "/obproxy", null));
    }

    @Override
    public ObproxyState updateObproxy(ObproxyUpdate update) {
        ObjectNode body = JSON.createObjectNode();
        if (update.managed() != null) {
            body.put("managed", update.managed());
        }
        if (update.running() != null) {
            body.put("running", update.running());
        }
        putIfSet(body, "version", update.version());
        putIfSet(body, "homePath", update.homePath());
        if (update.sqlPort() != null) {
            body.put("sqlPort", update.sqlPort());
        }
        return obproxy(call("PUT", CONTROL + "/obproxy", body.toString()));
    }

    @Override
    public List<JournalEntry> requests(JournalQuery query) {
        StringJoiner params = new StringJoiner("&", "?", "").setEmptyValue("");
        if (query.limit() != null) {
            params.add("limit=" + query.limit());
        }
        if (query.pathPrefix() != null) {
            params.add("path=" + encode(query.pathPrefix()));
        }
        if (query.status() != null) {
            params.add("status=" + encode(query.status()));
        }
        List<JournalEntry> entries = new ArrayList<>();
        call("GET", CONTROL + "/requests" + params, null).forEach(node -> entries.add(journalEntry(node)));
        return List.copyOf(entries);
    }

    @Override
    public void clearRequests() {
        call("DELETE", CONTROL + "/requests", null);
    }

    @Override
    public Cluster cluster() {
        return cluster(call("GET", CONTROL + "/cluster", null));
    }

    @Override
    public Cluster updateCluster(ClusterUpdate update) {
        ObjectNode body = JSON.createObjectNode();
        putIfSet(body, "name", update.name());
        if (update.rsList() != null) {
            body.put("rsList", String.join(";", update.rsList()));
        }
        putIfSet(body, "proxyroPassword", update.proxyroPassword());
        return cluster(call("PUT", CONTROL + "/cluster", body.toString()));
    }

    @Override
    public DagList dags() {
        return dagList(call("GET", CONTROL + "/dags", null));
    }

    @Override
    public DagList dags(int limit) {
        return dagList(call("GET", CONTROL + "/dags?limit=" + limit, null));
    }

    @Override
    public DagDetail dag(String id) {
        return dagDetail(call("GET", CONTROL + "/dags/" + encode(id), null));
    }

    @Override
    public DagDetail operateDag(String id, DagOperator operator) {
        ObjectNode body = JSON.createObjectNode();
        body.put("operator", operator.name());
        return dagDetail(call("POST", CONTROL + "/dags/" + encode(id) + "/operator", body.toString()));
    }

    @Override
    public AgentState agent() {
        JsonNode json = call("GET", CONTROL + "/agent", null);
        JsonNode maintenance = json.path("maintenance");
        JsonNode holder = maintenance.get("holder");
        return new AgentState(text(json, "identity"), text(json, "version"), text(json, "ip"),
                json.path("port").asInt(), text(json, "architecture"), json.path("security").asBoolean(),
                new AgentState.Maintenance(maintenance.path("held").asBoolean(),
                        holder == null || holder.isNull() ? null : dag(holder)));
    }

    @Override
    public List<CatalogDag> catalog() {
        return list(call("GET", CONTROL + "/catalog", null), dag -> new CatalogDag(text(dag, "name"),
                dag.path("maintenance").asBoolean(), list(dag.path("tasks"), task -> new CatalogDag.Task(
                        task.path("stage").asInt(), text(task, "name"), task.path("canRetry").asBoolean(),
                        task.path("canRollback").asBoolean(), task.path("canCancel").asBoolean(),
                        task.path("canPass").asBoolean(), task.path("failureExitMaintenance").asBoolean()))));
    }

    @Override
    public JsonNode call(String method, String path, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json, application/problem+json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the emulator's control plane at " + base.resolve(path), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + base.resolve(path), e);
        }
        JsonNode json = parse(response.body());
        if (response.statusCode() >= 400) {
            throw problem(response.statusCode(), json, response.body());
        }
        return json;
    }

    private static EmulatorControlException problem(int status, JsonNode json, String body) {
        if (json == null || !json.isObject()) {
            return EmulatorControlException.of(status, null, null, List.of(), null, body);
        }
        List<String> errors = new ArrayList<>();
        json.path("errors").forEach(node -> errors.add(node.asString()));
        return EmulatorControlException.of(status, text(json, "title"), text(json, "detail"), errors,
                text(json, "errCode"), body);
    }

    private static FaultRule faultRule(JsonNode json) {
        return new FaultRule(text(json, "id"), text(json, "dag"), text(json, "task"), text(json, "version"),
                text(json, "phase"), integer(json, "times"), integer(json, "remaining"), json.path("fired").asInt(),
                json.path("fail").asBoolean(true), text(json, "errCode"), text(json, "message"),
                duration(text(json, "delay")));
    }

    private static Pacing pacing(JsonNode json) {
        Map<String, Duration> delays = new LinkedHashMap<>();
        json.path("taskDelays").properties().forEach(entry -> delays.put(entry.getKey(),
                duration(entry.getValue().asString())));
        return new Pacing(duration(text(json, "stageDelay")), Map.copyOf(delays), json.path("paused").asBoolean());
    }

    private static ObproxyState obproxy(JsonNode json) {
        return new ObproxyState(json.path("managed").asBoolean(), json.path("running").asBoolean(),
                text(json, "version"), text(json, "homePath"), json.path("sqlPort").asInt(), json.path("pid").asLong());
    }

    private static JournalEntry journalEntry(JsonNode json) {
        Map<String, String> header = null;
        if (json.path("header").isObject()) {
            header = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : json.get("header").properties()) {
                header.put(field.getKey(), field.getValue().isNull() ? null : field.getValue().asString());
            }
        }
        JsonNode summary = json.path("bodySummary");
        JournalEntry.BodySummary bodySummary = summary.isObject()
                ? new JournalEntry.BodySummary(summary.path("size").asLong(), text(summary, "contentType"),
                        text(summary, "note"))
                : null;
        JsonNode body = json.get("body");
        return new JournalEntry(json.path("id").asLong(), text(json, "time"), text(json, "method"), text(json, "uri"),
                text(json, "path"), text(json, "authHeader"), header, body == null || body.isNull() ? null : body,
                bodySummary, json.path("status").asInt(), text(json, "errCode"), text(json, "message"),
                text(json, "traceId"), json.path("durationMs").asLong());
    }

    private static Cluster cluster(JsonNode json) {
        String rsList = text(json, "rsList");
        return new Cluster(text(json, "name"), rsList == null || rsList.isEmpty() ? List.of()
                : List.of(rsList.split(";")), json.path("proxyroPasswordSet").asBoolean());
    }

    private static DagList dagList(JsonNode json) {
        return new DagList(json.path("total").asInt(), list(json.path("dags"), HttpEmulatorControl::dag));
    }

    private static Dag dag(JsonNode json) {
        return new Dag(text(json, "id"), json.path("dagId").asLong(), text(json, "name"), text(json, "state"),
                text(json, "operator"), json.path("stage").asInt(), json.path("maxStage").asInt(),
                json.path("maintenance").asBoolean(), text(json, "startTime"), text(json, "endTime"),
                json.path("durationMs").asLong(), list(json.path("stages"), stage -> new Dag.Stage(
                        stage.path("stage").asInt(), text(stage, "name"), text(stage, "state"),
                        text(stage, "operator"))));
    }

    private static DagDetail dagDetail(JsonNode json) {
        return new DagDetail(dag(json.path("dag")), list(json.path("operators"), JsonNode::asString),
                list(json.path("nodes"), node -> new DagDetail.Node(text(node, "id"), node.path("stage").asInt(),
                        text(node, "name"), text(node, "state"), text(node, "operator"), text(node, "startTime"),
                        text(node, "endTime"), list(node.path("subTasks"), task -> new DagDetail.SubTask(
                                text(task, "id"), text(task, "name"), text(task, "state"), text(task, "operator"),
                                task.path("executeTimes").asInt(), text(task, "startTime"), text(task, "endTime"),
                                list(task.path("logs"), log -> new DagDetail.Log(log.path("id").asLong(),
                                        log.path("executeTimes").asInt(), text(log, "time"),
                                        text(log, "content"))))))));
    }

    /** The elements of a JSON array, each read by {@code read}; empty when there is no array. */
    private static <T> List<T> list(JsonNode array, Function<JsonNode, T> read) {
        List<T> values = new ArrayList<>();
        array.forEach(element -> values.add(read.apply(element)));
        return List.copyOf(values);
    }

    private static void putIfSet(ObjectNode body, String name, String value) {
        if (value != null) {
            body.put(name, value);
        }
    }

    private static String text(JsonNode json, String name) {
        JsonNode node = json.get(name);
        return node == null || node.isNull() ? null : node.asString();
    }

    private static Integer integer(JsonNode json, String name) {
        JsonNode node = json.get(name);
        return node == null || node.isNull() ? null : node.asInt();
    }

    /** The emulator writes ISO-8601 durations ({@code PT0.15S}). */
    private static Duration duration(String text) {
        return text == null ? null : Duration.parse(text);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
