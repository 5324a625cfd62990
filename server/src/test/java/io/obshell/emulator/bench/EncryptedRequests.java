package io.obshell.emulator.bench;

import java.io.BufferedWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.obshell.emulator.secure.RsaKeys;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes distinct encrypted requests for {@code bench/wrk/requests.lua} (not a test): each line is
 * one request as the python SDK signs it (fresh AES key and IV, header of three RSA-1024 blocks,
 * AES-encrypted body), {@code header TAB body}. Made ahead of the run so the load client spends
 * no CPU on RSA while the server is measured.
 *
 * <p>Usage: {@code EncryptedRequests <base-uri> <password> <path> <body-json> <count> <out-file>}
 */
public final class EncryptedRequests {

    private EncryptedRequests() {
    }

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        String password = args[1];
        String path = args[2];
        byte[] body = args[3].getBytes(StandardCharsets.UTF_8);
        int count = Integer.parseInt(args[4]);
        Path out = Path.of(args[5]);
        RSAPublicKey key = publicKey(base);
        // Valid for the whole run: obshell's ts is an expiry, checked against the receipt time.
        String ts = Long.toString(Instant.now().getEpochSecond() + 6 * 3600);
        JsonMapper json = JsonMapper.builder().build();
        int threads = Runtime.getRuntime().availableProcessors();
        String[] lines = new String[count];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Future<?>[] parts = new Future<?>[threads];
        for (int t = 0; t < threads; t++) {
            int first = t;
            parts[t] = pool.submit(() -> {
                SecureRandom random = new SecureRandom();
                for (int i = first; i < count; i += threads) {
                    byte[] keys = new byte[32];
                    random.nextBytes(keys);
                    String header = "{\"auth\":" + json.writeValueAsString(password) + ",\"ts\":\"" + ts
                            + "\",\"uri\":\"" + path + "\",\"keys\":\"" + Base64.getEncoder().encodeToString(keys)
                            + "\"}";
                    lines[i] = Base64.getEncoder().encodeToString(
                            RsaKeys.encryptChunks(key, header.getBytes(StandardCharsets.UTF_8)))
                            + "\t" + new String(aes(body, keys), StandardCharsets.US_ASCII);
                }
                return null;
            });
        }
        for (Future<?> part : parts) {
            part.get();
        }
        pool.shutdown();
        try (BufferedWriter writer = Files.newBufferedWriter(out)) {
            for (String line : lines) {
                writer.write(line);
                writer.write('\n');
            }
        }
        System.out.println("requests=" + count + " file=" + out);
    }

    static RSAPublicKey publicKey(URI base) throws Exception {
        HttpResponse<String> secret = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(base.resolve("/api/v1/secret")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode data = JsonMapper.builder().build().readTree(secret.body()).path("data");
        return RsaKeys.publicKeyFromPkcs1(Base64.getDecoder().decode(data.path("public_key").asString()));
    }

    /** AES-128-CBC, PKCS#7 padding, base64: the SDK's body encoding. */
    private static byte[] aes(byte[] plain, byte[] keys) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys, 0, 16, "AES"), new IvParameterSpec(keys, 16, 16));
        return Base64.getEncoder().encode(cipher.doFinal(plain));
    }
}
