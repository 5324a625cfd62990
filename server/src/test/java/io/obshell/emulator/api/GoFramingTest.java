package io.obshell.emulator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.obshell.emulator.RawHttp;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link GoFraming} on a Jetty of its own, read off the socket: where Go's net/http switches
 * from Content-Length to chunked (a body of more than 2048 bytes, net/http server.go
 * bufferBeforeChunkingSize), whatever flushes the handler made in between.
 */
class GoFramingTest {

    private static Server server;
    private static int port;

    /** Writes {@code /size/pieces} bytes: pieces-1 flushed writes, then the last one with the end. */
    @BeforeAll
    static void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        GoFraming framing = new GoFraming();
        framing.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String[] path = Request.getPathInContext(request).split("/");
                int size = Integer.parseInt(path[1]);
                int pieces = Integer.parseInt(path[2]);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                byte[] body = body(size);
                int step = size / pieces;
                for (int i = 0; i < pieces - 1; i++) {
                    FutureCallback flushed = new FutureCallback();
                    response.write(false, ByteBuffer.wrap(body, i * step, step), flushed);
                    flushed.get();
                }
                int from = (pieces - 1) * step;
                response.write(true, ByteBuffer.wrap(body, from, size - from), callback);
                return true;
            }
        });
        server.setHandler(framing);
        server.start();
        port = connector.getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @ParameterizedTest
    @CsvSource({"2, 1", "600, 1", "2048, 1", "2048, 2", "2048, 5", "600, 3"})
    void aBodyWithinGosBufferHasItsLength(int size, int pieces) throws Exception {
        try (RawHttp connection = RawHttp.connect(port)) {
            RawHttp.Response response = connection.exchange(get(size, pieces));

            assertThat(response.header("Content-Length")).isEqualTo(Integer.toString(size));
            assertThat(response.header("Transfer-Encoding")).isNull();
            assertThat(response.body()).isEqualTo(new String(body(size), StandardCharsets.US_ASCII));
        }
    }

    @ParameterizedTest
    @CsvSource({"2049, 1", "2049, 2", "5000, 1", "5000, 3", "70000, 4"})
    void aBodyPastGosBufferIsChunkedWhole(int size, int pieces) throws Exception {
        try (RawHttp connection = RawHttp.connect(port)) {
            RawHttp.Response response = connection.exchange(get(size, pieces));

            assertThat(response.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(response.header("Content-Length")).isNull();
            assertThat(response.body()).isEqualTo(new String(body(size), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void oneConnectionCarriesBothFramings() throws Exception {
        try (RawHttp connection = RawHttp.connect(port)) {
            RawHttp.Response large = connection.exchange(get(4000, 2));
            RawHttp.Response small = connection.exchange(get(100, 2));

            assertThat(large.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(large.body()).hasSize(4000);
            assertThat(small.header("Content-Length")).isEqualTo("100");
            assertThat(small.body()).hasSize(100);
            assertThat(connection.closedByServer(100)).isFalse();
        }
    }

    private static String get(int size, int pieces) {
        return "GET /" + size + "/" + pieces + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    }

    private static byte[] body(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        for (int i = 0; i < size; i += 100) {
            body[i] = (byte) ('a' + (i / 100) % 26);
        }
        return body;
    }
}
