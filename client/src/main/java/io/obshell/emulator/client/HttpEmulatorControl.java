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
            return EmulatorControlException.of(status, null, null, List.of(), body);
        }
        List<String> errors = new ArrayList<>();
        json.path("errors").forEach(node -> errors.add(node.asString()));
        return EmulatorControlException.of(status, text(json, "title"), text(json, "detail"), errors, body);
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
