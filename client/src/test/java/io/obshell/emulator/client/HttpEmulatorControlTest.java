package io.obshell.emulator.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What goes on the wire and how answers are read, against a scripted server; the calls against
 * the real emulator are in the server module's EmulatorControlTest.
 */
class HttpEmulatorControlTest {

    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer = "{}";
    private volatile String contentType = "application/json";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " auth="
                + exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
        byte[] out = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, out.length);
        try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(out);
        }
    }

    private EmulatorControl control(String token) {
        return EmulatorControl.connect(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), token);
    }

    @Test
    void aFaultIsSentWithOnlyTheFieldsSetAndReadBackTyped() {
        answer = """
                {"id":"f1","dag":"Upgrade obproxy","task":"Hot restart obproxy","version":null,"phase":"execute",
                 "times":1,"remaining":1,"fired":0,"fail":true,"errCode":"OBProxy.HotRestartFailed",
                 "message":"boom","delay":"PT2S"}""";
        FaultRule rule = control(null).armFault(Fault.on("Hot restart obproxy").times(1)
                .errCode("OBProxy.HotRestartFailed").message("boom").delay(Duration.ofSeconds(2)));

        assertThat(seen).containsExactly("POST /__emulator/faults auth=null "
                + "{\"task\":\"Hot restart obproxy\",\"times\":1,\"errCode\":\"OBProxy.HotRestartFailed\","
                + "\"message\":\"boom\",\"delay\":\"PT2S\"}");
        assertThat(rule).isEqualTo(new FaultRule("f1", "Upgrade obproxy", "Hot restart obproxy", null, "execute", 1, 1,
                0, true, "OBProxy.HotRestartFailed", "boom", Duration.ofSeconds(2)));
    }

    @Test
    void aControlTokenIsSentAsBearer() {
        answer = "{\"stageDelay\":\"PT0S\",\"taskDelays\":{\"Hot restart obproxy\":\"PT5S\"},\"paused\":true}";
        Pacing pacing = control("s3cret").pause();

        assertThat(seen).containsExactly("PUT /__emulator/pacing auth=Bearer s3cret {\"paused\":true}");
        assertThat(pacing).isEqualTo(new Pacing(Duration.ZERO, Map.of("Hot restart obproxy", Duration.ofSeconds(5)), true));
    }

    @Test
    void aProblemDetailWithSeveralErrorsBecomesABadRequestNamingThemAll() {
        status = 400;
        contentType = "application/problem+json";
        answer = """
                {"type":"about:blank","title":"Bad Request","status":400,
                 "detail":"2 problems: 'times' must be at least 1; 'delay' must not be negative",
                 "errors":["'times' must be at least 1","'delay' must not be negative"]}""";

        assertThatThrownBy(() -> control(null).armFault(Fault.on("Hot restart obproxy").times(0)))
                .isInstanceOfSatisfying(ControlBadRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.title()).isEqualTo("Bad Request");
                    assertThat(e.errors()).containsExactly("'times' must be at least 1", "'delay' must not be negative");
                })
                .hasMessage("400 2 problems: 'times' must be at least 1; 'delay' must not be negative");
    }

    @Test
    void eachStatusHasItsException() {
        contentType = "application/problem+json";
        status = 404;
        answer = "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"No fault rule 'f9'\"}";
        assertThatThrownBy(() -> control(null).fault("f9")).isInstanceOf(ControlNotFoundException.class)
                .hasMessage("404 No fault rule 'f9'");
        status = 409;
        answer = "{\"title\":\"Conflict\",\"status\":409,\"detail\":\"not paused\"}";
        assertThatThrownBy(() -> control(null).step()).isInstanceOf(ControlConflictException.class)
                .hasMessage("409 not paused");
        status = 401;
        answer = "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"control token required\"}";
        assertThatThrownBy(() -> control(null).reset()).isInstanceOf(ControlUnauthorizedException.class);
        status = 500;
        contentType = "text/plain";
        answer = "oops";
        assertThatThrownBy(() -> control(null).health()).isExactlyInstanceOf(EmulatorControlException.class)
                .hasMessage("500 oops");
    }

    @Test
    void journalQueriesAreEncodedAndEntriesRead() {
        answer = """
                [{"id":18,"time":"2026-01-01T00:00:00Z","method":"POST","uri":"/api/v1/obproxy/upgrade",
                  "path":"/api/v1/obproxy/upgrade","authHeader":"agent","header":{"auth":"***","ts":"1","uri":"/x"},
                  "body":{"version":"4.3.3.0"},"bodySummary":null,"status":200,"errCode":null,"message":null,
                  "traceId":"ab","durationMs":3}]""";
        List<JournalEntry> entries = control(null).requests(JournalQuery.all().limit(1).path("/api/v1/obproxy").status("4xx"));

        assertThat(seen).containsExactly("GET /__emulator/requests?limit=1&path=%2Fapi%2Fv1%2Fobproxy&status=4xx auth=null ");
        JournalEntry entry = entries.get(0);
        assertThat(entry.header()).containsEntry("auth", "***");
        assertThat(entry.body().path("version").asString()).isEqualTo("4.3.3.0");
        assertThat(entry.bodySummary()).isNull();
        assertThat(entry.errCode()).isNull();
        assertThat(entry.status()).isEqualTo(200);
    }

    @Test
    void aClusterChangeSendsTheAddressesJoinedAndReadsThemBackAsAList() {
        answer = "{\"name\":\"prod-1\",\"rsList\":\"10.0.0.1:2881;10.0.0.2:2881\",\"proxyroPasswordSet\":true}";
        Cluster cluster = control(null).updateCluster(ClusterUpdate.none().rsList("10.0.0.1:2881", "10.0.0.2:2881")
                .proxyroPassword("Pr0xy"));

        assertThat(seen).containsExactly("PUT /__emulator/cluster auth=null "
                + "{\"rsList\":\"10.0.0.1:2881;10.0.0.2:2881\",\"proxyroPassword\":\"Pr0xy\"}");
        assertThat(cluster).isEqualTo(new Cluster("prod-1", List.of("10.0.0.1:2881", "10.0.0.2:2881"), true));
        answer = "{\"name\":\"x\",\"rsList\":\"\",\"proxyroPasswordSet\":false}";
        assertThat(control(null).cluster().rsList()).isEmpty();
    }

    @Test
    void obshellsErrCodeInAProblemDetailIsKept() {
        contentType = "application/problem+json";
        status = 400;
        answer = """
                {"title":"Bad Request","status":400,"detail":"rollback not allowed",
                 "errCode":"Task.Dag.Operator.RollbackNotAllowed"}""";
        assertThatThrownBy(() -> control(null).operateDag("42130706433289611", DagOperator.ROLLBACK))
                .isInstanceOfSatisfying(ControlBadRequestException.class,
                        e -> assertThat(e.errCode()).isEqualTo("Task.Dag.Operator.RollbackNotAllowed"))
                .hasMessage("400 rollback not allowed");
        assertThat(seen).containsExactly("POST /__emulator/dags/42130706433289611/operator auth=null "
                + "{\"operator\":\"ROLLBACK\"}");
        status = 404;
        answer = "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"no such dag\",\"errCode\":\"Task.NotFound\"}";
        assertThatThrownBy(() -> control(null).dag("42130706433289611"))
                .isInstanceOfSatisfying(ControlNotFoundException.class,
                        e -> assertThat(e.errCode()).isEqualTo("Task.NotFound"));
        status = 409;
        answer = "{\"title\":\"Conflict\",\"status\":409,\"detail\":\"not paused\"}";
        assertThatThrownBy(() -> control(null).step())
                .isInstanceOfSatisfying(ControlConflictException.class, e -> assertThat(e.errCode()).isNull());
    }

    @Test
    void anUnreachableEmulatorSaysWhere() {
        EmulatorControl control = control(null);
        server.stop(0);
        assertThatThrownBy(control::health).hasMessageContaining("cannot reach the emulator's control plane at http://127.0.0.1:");
    }
}
