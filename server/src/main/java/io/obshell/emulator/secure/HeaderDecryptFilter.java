package io.obshell.emulator.secure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;
import io.obshell.emulator.api.ErrorMessage;
import io.obshell.emulator.api.GoBase64;
import io.obshell.emulator.api.GoJson;
import io.obshell.emulator.api.GoStruct;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * obshell's HeaderDecrypt (auth.md §4.2 step 1), on every {@code /api/v1} route: the agent
 * header wins over the ob header; base64, RSA blocks, then JSON with Go's case-insensitive
 * keys. Any failure is 401 DecryptFailed with code 1, which makes the SDKs refetch the key.
 */
class HeaderDecryptFilter extends OncePerRequestFilter {

    static final String AGENT_HEADER = "X-OCS-Agent-Header";
    static final String OB_HEADER = "X-OCS-Header";

    /** obshell's secure.HttpHeader; untagged fields keep their Go names as JSON names. */
    static final GoStruct HTTP_HEADER = GoStruct.of("secure.HttpHeader",
            GoStruct.optional("SessionID", "session_id", GoStruct.Kind.STRING),
            GoStruct.optional("Auth", "Auth", GoStruct.Kind.STRING),
            GoStruct.optional("Ts", "Ts", GoStruct.Kind.STRING),
            GoStruct.optional("Token", "Token", GoStruct.Kind.STRING),
            GoStruct.optional("SSOToken", "ssotoken", GoStruct.Kind.STRING),
            GoStruct.optional("Uri", "Uri", GoStruct.Kind.STRING),
            GoStruct.optional("Keys", "Keys", GoStruct.Kind.BYTES),
            GoStruct.optional("Sha256", "Sha256", GoStruct.Kind.STRING));

    private final AgentKeyPair keyPair;
    private final long maxLength;

    /** {@code maxLength}: the longest header value worth decrypting (a real one is a few RSA blocks). */
    HeaderDecryptFilter(AgentKeyPair keyPair, long maxLength) {
        this.keyPair = keyPair;
        this.maxLength = maxLength;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String agentHeader = request.getHeader(AGENT_HEADER);
        String obHeader = request.getHeader(OB_HEADER);
        if (agentHeader != null && !agentHeader.isEmpty()) {
            decrypt(AuthHeader.Type.AGENT, agentHeader).attachTo(request);
        } else if (obHeader != null && !obHeader.isEmpty()) {
            decrypt(AuthHeader.Type.OCEANBASE, obHeader).attachTo(request);
        }
        chain.doFilter(request, response);
    }

    AuthHeader decrypt(AuthHeader.Type type, String value) {
        if (value.length() > maxLength) {
            // Refused before any base64 or RSA work: each 128-byte block costs a private-key operation.
            throw failed("header of " + value.length() + " bytes is longer than " + maxLength);
        }
        GoBase64.Result ciphertext = GoBase64.decode(value.getBytes(StandardCharsets.ISO_8859_1));
        if (!ciphertext.ok()) {
            throw failed(ciphertext.error());
        }
        byte[] plain;
        try {
            plain = keyPair.decryptBlocks(ciphertext.bytes());
        } catch (GeneralSecurityException e) {
            throw failed("crypto/rsa: decryption error");
        }
        GoJson.Values fields;
        try {
            fields = GoJson.unmarshal(plain, HTTP_HEADER);
        } catch (GoJson.GoJsonException e) {
            throw failed(e.getMessage());
        }
        return new AuthHeader(type, fields.string("Auth"), fields.string("Ts"), fields.string("Uri"),
                fields.bytes("Keys"));
    }

    private static ApiException failed(String detail) {
        return ApiException.of(ErrorCode.SECURITY_HEADER_DECRYPT_FAILED,
                ErrorMessage.occur(ErrorCode.SECURITY_HEADER_DECRYPT_FAILED, detail), ApiException.Stage.DECRYPT);
    }
}
