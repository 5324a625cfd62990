package io.obshell.emulator.api;

import java.nio.ByteBuffer;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Frames every answer as Go's net/http does. A Go handler writes into a buffer of
 * {@value #GO_BUFFER} bytes ({@code bufferBeforeChunkingSize} in net/http server.go) and nothing
 * reaches the connection until it overflows or the handler returns; a handler that returns
 * with its whole body in that buffer gets a {@code Content-Length}, one whose body overflowed it
 * goes out chunked ({@code chunkWriter.writeHeader}). obshell writes each envelope with one
 * {@code c.JSON} and never flushes, so a small answer has a Content-Length and a large one
 * (a DAG with many nodes and logs) is chunked.
 *
 * <p>Spring's message converters flush the servlet output stream after every body, which makes
 * Jetty commit the response before it knows the length, and so chunk it. This wrapper holds the
 * first {@value #GO_BUFFER} bytes as Go would, flushes included: a response that ends within them
 * goes out in one write with its length, one that outgrows them is streamed from then on. To the
 * code inside, held bytes count as committed, as a flushed response did before.
 */
class GoFraming extends Handler.Wrapper {

    /** net/http's bufferBeforeChunkingSize. */
    static final int GO_BUFFER = 2048;

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (HttpMethod.HEAD.is(request.getMethod())) {
            return super.handle(request, response, callback);
        }
        return super.handle(request, new GoFramedResponse(request, response), callback);
    }

    private static final class GoFramedResponse extends Response.Wrapper {

        /** What is held back, or null: nothing yet, or streaming already. */
        private ByteBuffer held;
        private boolean streaming;

        GoFramedResponse(Request request, Response wrapped) {
            super(request, wrapped);
        }

        @Override
        public boolean isCommitted() {
            return held != null || super.isCommitted();
        }

        @Override
        public void write(boolean last, ByteBuffer content, Callback callback) {
            int size = content == null ? 0 : content.remaining();
            int heldSize = held == null ? 0 : held.position();
            if (streaming || getWrapped().isCommitted() || getHeaders().contains(HttpHeader.CONTENT_LENGTH)) {
                // Framed already, or by the handler itself (a Content-Length it set, as a Go handler may).
                writeHeldThen(last, content, callback);
                return;
            }
            if (heldSize + size <= GO_BUFFER) {
                if (!last) {
                    if (size > 0) {
                        if (held == null) {
                            held = ByteBuffer.allocate(GO_BUFFER);
                        }
                        held.put(content);
                    }
                    callback.succeeded();
                    return;
                }
                // The handler returned within the buffer: one write, whose length Jetty sends.
                ByteBuffer whole = content;
                if (held != null) {
                    if (size > 0) {
                        held.put(content);
                    }
                    whole = held.flip();
                    held = null;
                }
                super.write(true, whole, callback);
                return;
            }
            // Past Go's buffer: chunked, even when this write ends the answer (Jetty would give a
            // last write on an uncommitted response its length).
            streaming = true;
            if (last) {
                writeHeldThen(false, content, Callback.from(() -> super.write(true, null, callback), callback::failed));
            } else {
                writeHeldThen(false, content, callback);
            }
        }

        private void writeHeldThen(boolean last, ByteBuffer content, Callback callback) {
            ByteBuffer before = held;
            held = null;
            if (before == null || before.position() == 0) {
                super.write(last, content, callback);
                return;
            }
            super.write(false, before.flip(), Callback.from(() -> super.write(last, content, callback), callback::failed));
        }
    }
}
