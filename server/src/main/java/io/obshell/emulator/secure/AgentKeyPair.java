package io.obshell.emulator.secure;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

import io.obshell.emulator.ObshellProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The agent's RSA key pair: created on first start, kept in {@code ocs_info} as obshell keeps
 * it (base64 PKCS#1 DER under {@code private_key}), reused on every restart. Its size is that of
 * the configured agent version: 512 bits before 4.4.2.0, 1024 from it. A stored key of another
 * size is replaced at start, the agent password re-encrypted under the new key, as 4.4.2.0's
 * EnsureKeySize does; so a data directory started under another version keeps its password and
 * publishes the key a real agent of the configured version would.
 */
@Component
public class AgentKeyPair {

    private static final Logger log = LoggerFactory.getLogger(AgentKeyPair.class);
    static final String PRIVATE_KEY = "private_key";

    /**
     * A key of the current size made on another thread while the application starts
     * ({@link #generateAhead()}): loading the native provider and generating the first key take
     * most of a second on the start's critical path otherwise. Taken once; later keys are made
     * when asked for.
     */
    private static final AtomicReference<CompletableFuture<MadeKey>> AHEAD = new AtomicReference<>();

    /** A new key pair with its PKCS#1 encodings, as stored and as published. */
    private record MadeKey(KeyPair pair, byte[] privatePkcs1, byte[] publicPkcs1) {

        static MadeKey generate(int bits) {
            KeyPair pair = RsaKeys.generate(bits);
            return new MadeKey(pair, RsaKeys.privateKeyPkcs1((RSAPrivateCrtKey) pair.getPrivate()),
                    RsaKeys.publicKeyPkcs1((RSAPublicKey) pair.getPublic()));
        }
    }

    private final OcsInfoStore store;
    private final int keySize;
    private volatile KeyPair keyPair;
    private volatile String publicKeyBase64;

    AgentKeyPair(OcsInfoStore store, ObshellProperties properties) {
        this.store = store;
        this.keySize = properties.agent().versionBefore(RsaKeys.KEY_SIZE_1024_SINCE)
                ? RsaKeys.LEGACY_KEY_SIZE : RsaKeys.KEY_SIZE;
        KeyPair restored = store.get(PRIVATE_KEY).map(AgentKeyPair::restore).orElse(null);
        if (restored == null) {
            regenerate();
        } else if (((RSAPublicKey) restored.getPublic()).getModulus().bitLength() != keySize) {
            use(restored);
            byte[] password = storedAgentPassword();
            regenerate();
            if (password != null) {
                reencryptAgentPassword(password);
            }
        } else {
            use(restored);
        }
    }

    /** The agent password stored under the current key, or null (none, or unreadable). */
    private byte[] storedAgentPassword() {
        return store.get(AgentPassword.AGENT_PASSWORD).map(stored -> {
            try {
                return decryptBlocks(Base64.getDecoder().decode(stored));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                return null;
            }
        }).orElse(null);
    }

    private void reencryptAgentPassword(byte[] password) {
        try {
            store.put(AgentPassword.AGENT_PASSWORD, Base64.getEncoder().encodeToString(encryptChunks(password)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot re-encrypt the agent password", e);
        }
    }

    /** A new key pair, persisted. Clients holding the old public key get DecryptFailed and refetch. */
    public synchronized void regenerate() {
        MadeKey generated = takeAhead(keySize);
        store.put(PRIVATE_KEY, Base64.getEncoder().encodeToString(generated.privatePkcs1()));
        use(generated.pair(), generated.publicPkcs1());
        log.info("generated a new {}-bit agent key pair", keySize);
    }

    /** What {@code GET /api/v1/secret} publishes: standard base64 of PKCS#1 RSAPublicKey DER. */
    public String publicKeyBase64() {
        return publicKeyBase64;
    }

    public RSAPublicKey publicKey() {
        return (RSAPublicKey) keyPair.getPublic();
    }

    /** RSA PKCS#1 v1.5 over modulus-size blocks, concatenated, as obshell's DecryptAndReturnBytes. */
    byte[] decryptBlocks(byte[] ciphertext) throws GeneralSecurityException {
        KeyPair pair = keyPair;
        return RsaKeys.decryptBlocks((RSAPrivateCrtKey) pair.getPrivate(), ciphertext);
    }

    /** Encrypts in 53-byte chunks like the SDKs; used to keep the agent password at rest. */
    byte[] encryptChunks(byte[] plain) throws GeneralSecurityException {
        return RsaKeys.encryptChunks(publicKey(), plain);
    }

    private void use(KeyPair pair) {
        use(pair, RsaKeys.publicKeyPkcs1((RSAPublicKey) pair.getPublic()));
    }

    private void use(KeyPair pair, byte[] publicPkcs1) {
        this.keyPair = pair;
        this.publicKeyBase64 = Base64.getEncoder().encodeToString(publicPkcs1);
    }

    /**
     * Starts making a {@link RsaKeys#KEY_SIZE} key pair on a daemon thread, unless one is being
     * made already. Called by {@code EmulatorApplication.main} as soon as the configuration is
     * read (the native provider unpacks its library into the data directory).
     */
    public static void generateAhead() {
        CompletableFuture<MadeKey> ahead = new CompletableFuture<>();
        if (AHEAD.compareAndSet(null, ahead)) {
            Thread maker = new Thread(() -> {
                try {
                    // Encoded here too: that loads Bouncy Castle's ASN.1 classes, from a signed
                    // jar (its signature checked, its classes never in the class data sharing
                    // archive), off the start's critical path.
                    ahead.complete(MadeKey.generate(RsaKeys.KEY_SIZE));
                } catch (RuntimeException | Error e) {
                    ahead.completeExceptionally(e);
                }
            }, "agent-key-ahead");
            maker.setDaemon(true);
            maker.start();
        }
    }

    /** The key made ahead if it has the size wanted (and was made), else a new one. */
    private static MadeKey takeAhead(int bits) {
        CompletableFuture<MadeKey> ahead = AHEAD.getAndSet(null);
        if (ahead != null && bits == RsaKeys.KEY_SIZE) {
            try {
                return ahead.join();
            } catch (CompletionException | CancellationException e) {
                log.debug("the key made ahead failed; making one now", e);
            }
        }
        return MadeKey.generate(bits);
    }

    private static KeyPair restore(String base64) {
        try {
            return RsaKeys.keyPairFromPkcs1(Base64.getDecoder().decode(base64));
        } catch (RuntimeException e) {
            log.warn("stored agent key is unreadable; a new one will be generated");
            return null;
        }
    }
}
