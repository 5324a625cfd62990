package io.obshell.emulator.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Requests refused by the HTTP server itself, before any route (a malformed request line or
 * %-escape, a header block past its size): Go's net/http answers these on its own, never
 * reaching gin, with a one-line text body such as {@code 400 Bad Request} and
 * {@code Connection: close} (net/http server.go, conn.serve). This answers the same instead of
 * Jetty's HTML page.
 */
class GoBadRequests extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int code = response.getStatus();
        if (request.getAttribute(ERROR_EXCEPTION) instanceof HttpException http) {
            code = http.getCode();
        }
        if (code < 400) {
            code = HttpStatus.BAD_REQUEST_400;
        }
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        byte[] text = (code + " " + HttpStatus.getMessage(code)).getBytes(StandardCharsets.US_ASCII);
        response.write(true, ByteBuffer.wrap(text), callback);
        return true;
    }
}
