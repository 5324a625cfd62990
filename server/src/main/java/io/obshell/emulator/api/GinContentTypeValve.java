package io.obshell.emulator.api;

import java.io.IOException;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.tomcat.util.buf.CharsetHolder;

/**
 * Tomcat rebuilds any Content-Type that carries a charset as {@code type;charset=x}, and the
 * servlet API offers no way around it. gin writes {@code application/json; charset=utf-8} on
 * answers from the decryption stage (envelope-errors.md §1), so this valve puts the space back
 * after the servlet chain, while the small envelope is still buffered and no header is sent.
 */
class GinContentTypeValve extends ValveBase {

    static final String TOMCAT_FORM = "application/json;charset=utf-8";
    static final String GIN_FORM = "application/json; charset=utf-8";

    GinContentTypeValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        getNext().invoke(request, response);
        org.apache.coyote.Response coyote = response.getCoyoteResponse();
        if (!response.isCommitted() && TOMCAT_FORM.equals(coyote.getContentType())) {
            coyote.setContentTypeNoCharset(GIN_FORM);
            coyote.setCharsetHolder(CharsetHolder.EMPTY);
        }
    }
}
