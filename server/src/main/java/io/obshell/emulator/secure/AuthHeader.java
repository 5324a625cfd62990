package io.obshell.emulator.secure;

import jakarta.servlet.ServletRequest;

/**
 * The decrypted {@code X-OCS-Agent-Header} / {@code X-OCS-Header}: obshell's HttpHeader fields
 * that this emulator acts on. {@code keys} is null when absent or JSON null (the Go SDK's GETs).
 */
public record AuthHeader(Type type, String auth, String ts, String uri, byte[] keys) {

    /** Which header carried it, and so which password {@code auth} is. */
    public enum Type {
        /** X-OCS-Agent-Header: the agent password. */
        AGENT,
        /** X-OCS-Header: the root@sys password. */
        OCEANBASE
    }

    private static final String ATTRIBUTE = AuthHeader.class.getName();

    public static AuthHeader of(ServletRequest request) {
        return (AuthHeader) request.getAttribute(ATTRIBUTE);
    }

    void attachTo(ServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    @Override
    public String toString() {
        // Never print the password or the AES keys.
        return "AuthHeader[type=" + type + ", auth=***, ts=" + ts + ", uri=" + uri + ", keys="
                + (keys == null ? "null" : "***") + "]";
    }
}
