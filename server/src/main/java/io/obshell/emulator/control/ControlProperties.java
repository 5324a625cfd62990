package io.obshell.emulator.control;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may use the control plane ({@code obshell.emulator.control.*}). {@code token} null or
 * blank means "anyone who reaches the port"; {@code enabled=false} removes the control plane,
 * leaving only what a real agent answers.
 */
@ConfigurationProperties("obshell.emulator.control")
record ControlProperties(@DefaultValue("true") boolean enabled, String token) {

    boolean tokenRequired() {
        return token != null && !token.isBlank();
    }

    @Override
    public String toString() {
        // Never print the token (configuration reports, failure analyses).
        return "ControlProperties[enabled=" + enabled + ", token=" + (tokenRequired() ? "***" : "none") + "]";
    }
}
