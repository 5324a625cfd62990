package io.obshell.emulator.secure;

import java.security.Provider;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Amazon Corretto Crypto Provider's native RSA, when its jar is on the class path and its
 * library loads on this platform; otherwise (or with {@code -Dobshell.emulator.native-rsa=false})
 * the JDK's. RSA private-key decryption is most of the cost of an authenticated request, and
 * the native implementation does it in about half the time. Both give the same plaintext and
 * fail on the same inputs ({@code NativeRsaTest}); a client cannot tell which one ran.
 */
public final class NativeRsa {

    static final String SWITCH = "obshell.emulator.native-rsa";
    private static final String ACCP = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";
    private static final Logger log = LoggerFactory.getLogger(NativeRsa.class);

    /** The native provider, or null for the JDK's. */
    static final Provider PROVIDER = load();

    private NativeRsa() {
    }

    /**
     * The same native provider for other work of the request path, or null: the package
     * upload digests 100 MB with its MD5, which needs no JIT warm-up to run at full speed.
     */
    public static Provider provider() {
        return PROVIDER;
    }

    /** The native provider if it is usable here, whatever the switch says; null otherwise. */
    static Provider available() {
        try {
            Provider provider = (Provider) Class.forName(ACCP).getField("INSTANCE").get(null);
            Object error = provider.getClass().getMethod("getLoadingError").invoke(provider);
            if (error != null) {
                log.debug("native RSA unavailable here: {}", error);
                return null;
            }
            return provider;
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    private static Provider load() {
        if (!Boolean.parseBoolean(System.getProperty(SWITCH, "true"))) {
            return null;
        }
        return available();
    }
}
