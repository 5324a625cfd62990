package io.obshell.emulator.api;

import java.io.IOException;
import java.io.UncheckedIOException;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The request body as the handler sees it after decryption and padding. Controllers bind it
 * with {@link GoJson#bind} instead of {@code @RequestBody}, whose converters would answer with
 * Spring's texts and consult the client's Content-Length and Content-Type, which obshell ignores.
 */
public final class ApiBody {

    private ApiBody() {
    }

    public static byte[] bytes(HttpServletRequest request) {
        try {
            return request.getInputStream().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
