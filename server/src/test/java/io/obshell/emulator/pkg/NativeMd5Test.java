package io.obshell.emulator.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.MessageDigest;
import java.security.GeneralSecurityException;

import io.obshell.emulator.secure.NativeRsa;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The upload's MD5 check digests with the native provider where there is one; fed in any
 * pieces, it gives the JDK's digest of the whole.
 */
class NativeMd5Test {

    @Test
    void theNativeProviderDigestsWhereAvailable() {
        assumeTrue(NativeRsa.provider() != null, "no native provider on this platform");
        assertThat(RpmReader.md5().getProvider()).isSameAs(NativeRsa.provider());
    }

    @Property(tries = 200)
    void anyBytesInAnyPiecesDigestAsTheJdkDoes(@ForAll @Size(max = 5000) byte[] bytes,
            @ForAll @IntRange(min = 1, max = 300) int piece) throws GeneralSecurityException {
        MessageDigest md5 = RpmReader.md5();
        for (int off = 0; off < bytes.length; off += piece) {
            md5.update(bytes, off, Math.min(piece, bytes.length - off));
        }
        assertThat(md5.digest()).isEqualTo(MessageDigest.getInstance("MD5", "SUN").digest(bytes));
    }
}
