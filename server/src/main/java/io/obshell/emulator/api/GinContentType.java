package io.obshell.emulator.api;

import java.nio.ByteBuffer;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's servlet response rewrites any Content-Type it knows as {@code type;charset=x}, and the
 * servlet API offers no way around it. gin writes {@code application/json; charset=utf-8} on
 * answers from the decryption stage (obshell's HeaderDecrypt and BodyDecrypt call c.JSON before
 * SetContentType has run), so this handler, outside the servlet context, puts the space back
 * just before the response commits.
 */
class GinContentType extends Handler.Wrapper {

    static final String JETTY_FORM = "application/json;charset=utf-8";
    static final String GIN_FORM = "application/json; charset=utf-8";
    /** Go's http.Redirect (gin's trailing-slash redirect) types its short HTML body so; other pages keep Jetty's. */
    static final String JETTY_HTML_FORM = "text/html;charset=utf-8";
    static final String GO_HTML_FORM = "text/html; charset=utf-8";

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        return super.handle(request, new GinResponse(request, response), callback);
    }

    private static final class GinResponse extends Response.Wrapper {

        GinResponse(Request request, Response wrapped) {
            super(request, wrapped);
        }

        @Override
        public void write(boolean last, ByteBuffer content, Callback callback) {
            if (!isCommitted()) {
                HttpFields.Mutable headers = getHeaders();
                HttpField contentType = headers.getField(HttpHeader.CONTENT_TYPE);
                if (contentType != null && JETTY_FORM.equals(contentType.getValue())) {
                    headers.put(HttpHeader.CONTENT_TYPE, GIN_FORM);
                } else if (contentType != null && JETTY_HTML_FORM.equals(contentType.getValue())
                        && (getStatus() == 301 || getStatus() == 307)) {
                    headers.put(HttpHeader.CONTENT_TYPE, GO_HTML_FORM);
                }
            }
            super.write(last, content, callback);
        }
    }
}
