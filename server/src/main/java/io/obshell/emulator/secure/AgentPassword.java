package io.obshell.emulator.secure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

import io.obshell.emulator.ObshellProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.obshell.emulator.Resettable;
import org.springframework.stereotype.Component;

/**
 * The agent password: unset ("not initialized") until configured or set through the API, then
 * kept in {@code ocs_info}, RSA-encrypted with the agent key as obshell keeps it. A configured
 * {@code obshell.agent.password} (or {@code obshell.agent.password-file}) is applied at every start.
 */
@Component
public class AgentPassword implements Resettable {

    private static final Logger log = LoggerFactory.getLogger(AgentPassword.class);
    static final String AGENT_PASSWORD = "agent_password";

    private final OcsInfoStore store;
    private final AgentKeyPair keyPair;
    private final String configured;
    private volatile String password;

    AgentPassword(OcsInfoStore store, AgentKeyPair keyPair, ObshellProperties properties) {
        this.store = store;
        this.keyPair = keyPair;
        this.configured = configuredPassword(properties.agent());
        if (configured != null) {
            set(configured);
        } else {
            this.password = store.get(AGENT_PASSWORD).flatMap(this::decrypt).orElse(null);
        }
    }

    @Override
    public int resetOrder() {
        return AGENT;
    }

    /** Back to the configured password, or to "not initialized" when none is configured. */
    @Override
    public synchronized void reset() {
        if (configured != null) {
            set(configured);
        } else {
            clear();
        }
    }

    /** obshell's {@code AGENT_PWD.Inited()}, reported by {@code /api/v1/info} as {@code security}. */
    public boolean isSet() {
        return password != null;
    }

    /**
     * Constant-time comparison of the UTF-8 bytes (Go compares the strings' bytes), so response
     * timing tells nothing about the password.
     */
    boolean matches(byte[] candidate) {
        String current = password;
        return current != null && MessageDigest.isEqual(current.getBytes(StandardCharsets.UTF_8), candidate);
    }

    public synchronized void set(String newPassword) {
        try {
            store.put(AGENT_PASSWORD,
                    Base64.getEncoder().encodeToString(keyPair.encryptChunks(newPassword.getBytes(StandardCharsets.UTF_8))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt the agent password", e);
        }
        this.password = newPassword;
    }

    /** Forgets the password (emulator reset): the agent is "not initialized" again. */
    public synchronized void clear() {
        store.delete(AGENT_PASSWORD);
        this.password = null;
    }

    /**
     * {@code obshell.agent.password} (from the environment as {@code OBSHELL_AGENT_PASSWORD}) or
     * the content of {@code obshell.agent.password-file}, one line, its line end dropped; not both.
     * Errors name the file, never its content.
     */
    static String configuredPassword(ObshellProperties.Agent agent) {
        String inline = agent.password() == null || agent.password().isEmpty() ? null : agent.password();
        Path file = agent.passwordFile();
        if (file == null || file.toString().isBlank()) {
            return inline;
        }
        if (inline != null) {
            throw new IllegalStateException(
                    "set obshell.agent.password or obshell.agent.password-file, not both");
        }
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read obshell.agent.password-file " + file + ": "
                    + e.getClass().getSimpleName(), e);
        }
        if (content.endsWith("\n")) {
            content = content.substring(0, content.length() - (content.endsWith("\r\n") ? 2 : 1));
        }
        if (content.isEmpty()) {
            throw new IllegalStateException("obshell.agent.password-file " + file + " is empty");
        }
        warnIfOthersCanRead(file);
        return content;
    }

    private static void warnIfOthersCanRead(Path file) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
                log.warn("obshell.agent.password-file {} is readable by others ({}); chmod 600 it",
                        file, PosixFilePermissions.toString(mode));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // No POSIX modes here: nothing to say.
        }
    }

    private Optional<String> decrypt(String stored) {
        try {
            return Optional.of(new String(keyPair.decryptBlocks(Base64.getDecoder().decode(stored)), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
