package io.obshell.emulator.secure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decrypted-body spool: memory while small, a file past 1 MiB, nothing left behind. */
class DecryptedBodyTest {

    @TempDir
    Path spool;

    @Test
    void aSmallBodyStaysInMemoryAndTruncatesItsPadding() throws IOException {
        DecryptedBody body = new DecryptedBody(spool);
        body.write("{\"a\":1}\u0002\u0002".getBytes(), 0, 9);
        assertThat(body.lastByte()).isEqualTo(2);
        body.truncate(2);
        try (InputStream in = body.open()) {
            assertThat(new String(in.readAllBytes())).isEqualTo("{\"a\":1}");
        }
        body.close();
        try (var files = Files.list(spool)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aLargeBodySpillsToAFileThatCloseDeletesAndUnlocks() throws IOException {
        byte[] chunk = new byte[256 * 1024];
        new Random(7).nextBytes(chunk);
        DecryptedBody body = new DecryptedBody(spool);
        for (int i = 0; i < 5; i++) {
            body.write(chunk, 0, chunk.length);
        }
        body.truncate(3);
        assertThat(body.size()).isEqualTo(5L * chunk.length - 3);
        try (var files = Files.list(spool)) {
            assertThat(files).hasSize(1);
        }
        InputStream forgotten = body.open();
        assertThat(forgotten.readNBytes(10)).hasSize(10);

        body.close();

        try (var files = Files.list(spool)) {
            assertThat(files).isEmpty();
        }
        // A reader that never closed its stream no longer holds the deleted file open.
        assertThatThrownBy(forgotten::read).isInstanceOf(IOException.class);
    }
}
