package io.obshell.emulator.pkg;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.obshell.emulator.client.ObshellClient;

/**
 * The two client-side halves of {@code bench/upload-100mb.sh} (not a test):
 * <ul>
 * <li>{@code build <dir> <megabytes>}: an obproxy-ce RPM whose binary is that many MB of random
 * (incompressible) bytes, xz preset 0; prints its path.</li>
 * <li>{@code upload <base-uri> <rpm> <password>}: waits for the server, sets the agent password,
 * runs the given command, if any (the bench scripts: a full GC of the server), uploads the RPM
 * as {@link ObshellClient#upload} does and prints the timing and its wall-clock window: the
 * whole upload as the client sees it, and the exchange alone (sending the prepared, encrypted
 * form until the reply), which is what the server does.</li>
 * </ul>
 */
public final class UploadBench {

    private UploadBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "build" -> build(Path.of(args[1]), Integer.parseInt(args[2]));
            case "upload" -> upload(URI.create(args[1]), Path.of(args[2]), args[3],
                    Arrays.asList(args).subList(4, args.length));
            default -> throw new IllegalArgumentException(
                    "usage: build <dir> <MB> | upload <base-uri> <rpm> <password> [command to run first]");
        }
    }

    private static void build(Path dir, int megabytes) throws IOException {
        Files.createDirectories(dir);
        Path binary = dir.resolve("obproxy.bin");
        Random random = new Random(20250306);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(binary)) {
            for (int i = 0; i < megabytes; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").binary(binary).payloadFlags("0").build(dir);
        Files.delete(binary);
        System.out.println(rpm.toAbsolutePath());
    }

    private static void upload(URI base, Path rpm, String password, List<String> before) throws Exception {
        ObshellClient anonymous = ObshellClient.create(base, null);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            try {
                if (anonymous.request("GET", "/api/v1/info").headerType(ObshellClient.HeaderType.NONE).send()
                        .status() == 200) {
                    break;
                }
            } catch (RuntimeException notUpYet) {
                if (System.nanoTime() > deadline) {
                    throw notUpYet;
                }
            }
            Thread.sleep(250);
        }
        ObshellClient.Response set = anonymous.post("/api/v1/agent/password",
                "{\"password\":\"" + password + "\"}");
        if (set.status() != 200) {
            throw new IllegalStateException("cannot set the agent password: " + set.body());
        }
        ObshellClient client = ObshellClient.create(base, password);
        if (!before.isEmpty()) {
            // The bench's full GC: what start-up left for the collector is not the upload's.
            new ProcessBuilder(before).inheritIO().start().waitFor();
        }
        long size = Files.size(rpm);
        long startedMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        // As ObshellClient.upload, in two timed halves: the client reads, signs and encrypts the
        // form (the file read as it is encrypted, the encrypted body in memory), then the
        // exchange, which is the server's part.
        ObshellClient.Prepared prepared = client.request("POST", "/api/v1/obproxy/package")
                .multipartFile("file", rpm.getFileName().toString(), rpm)
                .timeout(Duration.ofMinutes(10)).prepare();
        long sent = System.nanoTime();
        long sentMillis = System.currentTimeMillis();
        ObshellClient.Response response = prepared.send();
        long end = System.nanoTime();
        double seconds = (end - start) / 1e9;
        double exchange = (end - sent) / 1e9;
        // The window the bench scripts take the upload's heap peak in.
        System.out.printf("upload_started_ms=%d%nupload_sent_ms=%d%nupload_ended_ms=%d%n", startedMillis, sentMillis,
                System.currentTimeMillis());
        if (response.status() != 200) {
            throw new IllegalStateException("upload failed: " + response.body());
        }
        System.out.printf("rpm_bytes=%d%nupload_seconds=%.2f%nupload_mb_per_s=%.1f%nexchange_seconds=%.2f%n"
                + "exchange_mb_per_s=%.1f%nchunk_count=%d%nreply=%s%n", size, seconds, size / 1e6 / seconds, exchange,
                size / 1e6 / exchange, response.data().path("ChunkCount").asInt(), response.data());
    }
}
