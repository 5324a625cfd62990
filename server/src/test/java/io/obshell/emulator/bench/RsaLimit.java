package io.obshell.emulator.bench;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.obshell.emulator.secure.RsaKeys;

/**
 * What RSA decryption alone allows on this machine (not a test): THREADS threads decrypt a
 * signed header of three RSA-1024 blocks, as the server does for each request, with the
 * provider the server would pick; after WARM seconds, counts for SECONDS.
 *
 * <p>Usage: {@code RsaLimit <threads> <warm-seconds> <seconds>}
 */
public final class RsaLimit {

    private RsaLimit() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int warm = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        KeyPair pair = RsaKeys.generate();
        byte[] header = ("{\"auth\":\"bench-pwd\",\"ts\":\"1767225600\",\"uri\":\"/api/v1/obproxy/upgrade\","
                + "\"keys\":\"0123456789012345678901234567890123456789012=\"}").getBytes(StandardCharsets.UTF_8);
        byte[] ciphertext = RsaKeys.encryptChunks((RSAPublicKey) pair.getPublic(), header);
        int blocks = ciphertext.length / 128;
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) pair.getPrivate();
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + warm * 1_000_000_000L;
        long end = measureFrom + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Future<?>[] futures = new Future<?>[threads];
        for (int t = 0; t < threads; t++) {
            futures[t] = pool.submit(() -> {
                long now;
                while ((now = System.nanoTime()) < end) {
                    RsaKeys.decryptBlocks(key, ciphertext);
                    if (now >= measureFrom) {
                        done.incrementAndGet();
                    }
                }
                return null;
            });
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        double perSecond = done.get() / (double) seconds;
        System.out.printf("rsa_provider=%s blocks_per_request=%d threads=%d rsa_requests_per_s=%.0f "
                + "us_per_block_per_thread=%.1f%n", RsaKeys.providerName(), blocks, threads, perSecond,
                1e6 * threads / (perSecond * blocks));
    }
}
