package io.obshell.emulator.secure;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

import io.obshell.emulator.ObshellProperties;
import io.obshell.emulator.Resettable;
import org.springframework.stereotype.Component;

/**
 * The agent password: unset ("not initialized") until configured or set through the API, then
 * kept in {@code ocs_info}, RSA-encrypted with the agent key as obshell keeps it. A configured
 * {@code obshell.agent.password} is applied at every start.
 */
@Component
public class AgentPassword implements Resettable {

    static final String AGENT_PASSWORD = "agent_password";

    private final OcsInfoStore store;
    private final AgentKeyPair keyPair;
    private final String configured;
    private volatile String password;

    AgentPassword(OcsInfoStore store, AgentKeyPair keyPair, ObshellProperties properties) {
        this.store = store;
        this.keyPair = keyPair;
        String fromProperties = properties.agent().password();
        this.configured = fromProperties == null || fromProperties.isEmpty() ? null : fromProperties;
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

    private Optional<String> decrypt(String stored) {
        try {
            return Optional.of(new String(keyPair.decryptBlocks(Base64.getDecoder().decode(stored)), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
