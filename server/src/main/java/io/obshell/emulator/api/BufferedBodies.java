package io.obshell.emulator.api;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * Reads every small body (all but the package upload) before the servlet sees the request,
 * without holding a thread while the bytes arrive: Jetty calls back as data comes in. The
 * servlet code reads bodies with blocking reads, so without this a client that sends its
 * headers and then one byte at a time would hold a server thread each, and a few hundred of
 * them would leave none for anyone else. At most the family's limit (plus the chunk that
 * crossed it) is kept; past it the request goes on at once and the limit check answers it.
 * The bytes are copied, not retained: a retained one-byte chunk would pin a whole network buffer.
 */
class BufferedBodies extends Handler.Wrapper {

    private final EdgeLimits limits;

    BufferedBodies(EdgeLimits limits) {
        this.limits = limits;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        EdgeLimits.Family family = family(request);
        if (family == EdgeLimits.Family.UPLOAD || !contentExpected(request)) {
            return super.handle(request, response, callback);
        }
        long limit = limits.bodyLimit(family);
        if (request.getLength() > limit) {
            // Refused on its first read, unread.
            return super.handle(request, response, callback);
        }
        new Loader(request, response, callback, limit).read(false);
        return true;
    }

    static EdgeLimits.Family family(Request request) {
        String decoded = request.getHttpURI().getDecodedPath();
        return EdgeLimits.Family.of(decoded != null ? decoded : request.getHttpURI().getPath(),
                request.getHeaders().get(HttpHeader.CONTENT_TYPE));
    }

    private static boolean contentExpected(Request request) {
        if (request.getLength() > 0) {
            return true;
        }
        HttpField encoding = request.getHeaders().getField(HttpHeader.TRANSFER_ENCODING);
        return encoding != null && encoding.contains("chunked");
    }

    private final class Loader implements Invocable.Task {

        private final Request request;
        private final Response response;
        private final Callback callback;
        private final long limit;
        private byte[] bytes = new byte[1024];
        private int length;

        Loader(Request request, Response response, Callback callback, long limit) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.limit = limit;
        }

        void read(boolean fromDemand) {
            while (true) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    // The client went away (or sent a broken body): nobody is left to answer, and
                    // hundreds of abandoned requests must not each run the whole application.
                    callback.failed(chunk.getFailure());
                    return;
                }
                append(chunk.getByteBuffer());
                boolean last = chunk.isLast();
                chunk.release();
                if (last || length > limit) {
                    dispatch(fromDemand, last ? Content.Chunk.EOF : null);
                    return;
                }
            }
        }

        private void append(ByteBuffer buffer) {
            int n = buffer.remaining();
            if (length + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
            }
            buffer.get(bytes, length, n);
            length += n;
        }

        /** {@code end} is EOF, or null when the rest is still to be read from the wire. */
        private void dispatch(boolean fromDemand, Content.Chunk end) {
            Buffered buffered = new Buffered(request, ByteBuffer.wrap(bytes, 0, length), end);
            Runnable next = () -> {
                try {
                    if (!getHandler().handle(buffered, response, callback)) {
                        Response.writeError(buffered, response, callback, 404);
                    }
                } catch (Throwable t) {
                    Response.writeError(buffered, response, callback, t);
                }
            };
            if (fromDemand) {
                // A demand callback must not block, and the application will.
                request.getContext().execute(next);
            } else {
                next.run();
            }
        }

        @Override
        public void run() {
            read(true);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    }

    /** The request with its body served from memory first, then (past the limit) from the wire. */
    private static final class Buffered extends Request.Wrapper {

        private ByteBuffer data;
        private final Content.Chunk end;
        private boolean dataServed;

        Buffered(Request wrapped, ByteBuffer data, Content.Chunk end) {
            super(wrapped);
            this.data = data;
            this.end = end;
        }

        @Override
        public Content.Chunk read() {
            if (!dataServed) {
                dataServed = true;
                boolean last = end == Content.Chunk.EOF;
                if (data.hasRemaining() || last) {
                    ByteBuffer served = data;
                    data = null;
                    return Content.Chunk.from(served, last);
                }
            }
            if (end != null) {
                return end;
            }
            return super.read();
        }

        @Override
        public void demand(Runnable demandCallback) {
            if (!dataServed || end != null) {
                demandCallback.run();
            } else {
                super.demand(demandCallback);
            }
        }
    }
}
