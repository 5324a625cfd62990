package io.obshell.emulator.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * The HTTP server as a client meets it, before any servlet code: gin's Content-Type, Go's
 * framing of an answer (Content-Length or chunked, see {@link GoFraming}), bodies
 * read without holding threads, and at most {@link EdgeLimits#concurrentUploads()} uploads read
 * at once (the others wait, holding no thread). The handlers read outermost first. Jetty's
 * minimum request data rate is not used: it also fails a small body that arrived whole but is
 * read a little late.
 */
class JettyEdge implements WebServerFactoryCustomizer<JettyServletWebServerFactory> {

    /** What one read from a connection takes at most (Jetty's default: 8 KB). */
    static final int INPUT_BUFFER_SIZE = 64 * 1024;

    private final EdgeLimits limits;
    private final Path scratch;

    JettyEdge(EdgeLimits limits, Path scratch) {
        this.limits = limits;
        this.scratch = scratch;
    }

    @Override
    public void customize(JettyServletWebServerFactory factory) {
        // An empty document root of our own: without one, Spring Boot makes a "jetty-docbase"
        // directory in the JVM's temporary directory at every start. Nothing is served from it.
        try {
            factory.setDocumentRoot(Files.createDirectories(scratch.resolve("docbase")).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + scratch.resolve("docbase"), e);
        }
        factory.addServerCustomizers(this::customize);
    }

    private void customize(Server server) {
        QoSHandler uploads = new QoSHandler();
        uploads.include(request -> BufferedBodies.family(request) == EdgeLimits.Family.UPLOAD);
        uploads.setMaxRequestCount(Math.max(1, limits.concurrentUploads()));
        uploads.setMaxSuspend(limits.uploadSlotWait());
        uploads.setHandler(server.getHandler());

        BufferedBodies bodies = new BufferedBodies(limits);
        bodies.setHandler(uploads);

        GoFraming framing = new GoFraming();
        framing.setHandler(bodies);

        GinContentType gin = new GinContentType();
        gin.setHandler(framing);
        server.setHandler(gin);
        server.setErrorHandler(new GoBadRequests());

        // A package upload is 130 MB of base64: read in Jetty's default 8 KB pieces, each piece
        // is a read call and a trip through the servlet input chain, 16,000 of them, hot enough
        // for the JIT to spend a cold server's CPU on compiling that chain. Buffers come from
        // Jetty's pool and go back once a read is consumed, so a small request still costs little.
        for (Connector connector : server.getConnectors()) {
            HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
            if (http != null) {
                http.getHttpConfiguration().setInputBufferSize(INPUT_BUFFER_SIZE);
                http.setInputBufferSize(INPUT_BUFFER_SIZE);
            }
        }
    }
}
