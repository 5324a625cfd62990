package io.obshell.emulator.pkg;

import static io.obshell.emulator.EnvelopeAssert.assertEnvelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import io.obshell.emulator.DataDirectory;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import com.zaxxer.hikari.HikariDataSource;
import io.obshell.emulator.client.ObshellClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An encrypted package upload is read while it is decrypted (PackageUploadReader), yet answered
 * as when obshell decrypts the whole body first: a body that does not decrypt wins over the
 * password check and over the form, the password check wins over the form, the padding byte
 * may drop up to 255 bytes, and nothing is left in the data directory afterwards.
 */
@EmulatorHttpTest
class StreamedUploadTest {

    private static final String URI = "/api/v1/obproxy/package";
    private static final String BOUNDARY = "b0undary-for-the-streamed-upload-test";
    private static final String MULTIPART = "multipart/form-data; boundary=" + BOUNDARY;
    private static final byte[] KEYS = "0123456789abcdefFEDCBA9876543210".getBytes(StandardCharsets.US_ASCII);

    @Autowired
    EmulatorTestClient emulator;

    @Autowired
    PackageStore store;

    @Autowired
    DataDirectory dataDirectory;

    @Autowired
    DataSource dataSource;

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        store.deleteAll();
        emulator.withPassword();
    }

    @Test
    void aFormThatIsNotWholeBlocksIsTheLengthErrorEvenWithAWrongPassword() {
        ObshellClient.Response response = emulator.signingWith("not the password").request("POST", URI).keys(KEYS)
                .contentType(MULTIPART).rawBody(ascii("QUJD")).send();

        assertEnvelope(response).isDecryptError(500, "Request.Body.Decrypt.AES.ContentLength.Invalid", null,
                "Unauthorized: Decrypted string length is not a multiple of the block size");
        assertThat(store.findAll()).isEmpty();
    }

    @Test
    void aLengthErrorAfterAValidPackageStoresNothing() throws Exception {
        // Whole 48-byte groups: base64 without '=', so the extra quantum is decoded too.
        byte[] form = form(rpmBytes());
        int pad = 48 - form.length % 48;
        byte[] plain = Arrays.copyOf(form, form.length + pad);
        Arrays.fill(plain, form.length, plain.length, (byte) pad);
        byte[] body = concat(encrypt(plain), ascii("QUJD"));

        ObshellClient.Response response = emulator.withPassword().request("POST", URI).keys(KEYS)
                .contentType(MULTIPART).rawBody(body).send();

        assertEnvelope(response).isDecryptError(500, "Request.Body.Decrypt.AES.ContentLength.Invalid", null,
                "Unauthorized: Decrypted string length is not a multiple of the block size");
        assertThat(store.findAll()).isEmpty();
    }

    @Test
    void aPaddingByteLargerThanTheFormIsThePanicResponse() throws Exception {
        byte[] plain = new byte[32];
        plain[31] = 33;

        ObshellClient.Response response = emulator.withPassword().request("POST", URI).keys(KEYS)
                .contentType(MULTIPART).rawBody(encrypt(plain)).send();

        assertEnvelope(response).isPanic();
        assertThat(store.findAll()).isEmpty();
    }

    @Test
    void aBrokenFormWithAWrongPasswordIsThePasswordError() throws Exception {
        byte[] form = form(rpmBytes());
        byte[] cut = Arrays.copyOf(form, form.length / 2);

        ObshellClient.Response response = emulator.signingWith("not the password").request("POST", URI).keys(KEYS)
                .contentType(MULTIPART).rawBody(encrypt(padded(cut))).send();

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.errCode()).isEqualTo("Security.Authentication.IncorrectAgentPassword");
    }

    @Test
    void aBrokenFormWithTheRightPasswordIsTheFormError() throws Exception {
        byte[] form = form(rpmBytes());
        byte[] cut = Arrays.copyOf(form, form.length / 2);

        ObshellClient.Response response = emulator.withPassword().request("POST", URI).keys(KEYS)
                .contentType(MULTIPART).rawBody(encrypt(padded(cut))).send();

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.errCode()).isEqualTo("Request.File.Missing");
        assertThat(response.message()).contains("unexpected EOF");
    }

    // The last byte says how many to drop, unchecked: up to 255 bytes of anything after the form.
    @Test
    void aPaddingOfUpTo255BytesIsDroppedWhateverItHolds() throws Exception {
        byte[] rpm = rpmBytes();
        byte[] form = form(rpm);
        int drop = 240;
        while ((form.length + drop) % 16 != 0) {
            drop++;
        }
        byte[] plain = Arrays.copyOf(form, form.length + drop);
        Arrays.fill(plain, form.length, plain.length - 1, (byte) '\r');
        plain[plain.length - 1] = (byte) drop;

        ObshellClient.Response response = emulator.withPassword().request("POST", URI).keys(KEYS)
                .contentType(MULTIPART).rawBody(encrypt(plain)).send();

        assertThat(response.status()).isEqualTo(200);
        Path copy = dir.resolve("copy.rpm");
        store.writeRpm(response.data().path("PkgId").asLong(), copy);
        assertThat(Files.readAllBytes(copy)).isEqualTo(rpm);
    }

    @Test
    void nothingIsLeftInTheDataDirectoryAfterARefusedOrAcceptedUpload() throws Exception {
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").binary(new byte[2 * 1024 * 1024]).build(dir);

        assertThat(emulator.signingWith("not the password").upload(URI, "a.rpm", rpm).status()).isEqualTo(401);
        assertThat(emulator.withPassword().upload(URI, "a.rpm", rpm).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (Stream<Path> files = Files.list(dataDirectory.tmp())) {
                assertThat(files.toList()).isEmpty();
            }
        });
    }

    // The store skips SQLite's automatic checkpoint for the upload's own commit only.
    @Test
    void everyPooledConnectionCheckpointsAutomaticallyAfterUploads() throws Exception {
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").binary(new byte[3 * 1024 * 1024]).build(dir);
        for (int i = 0; i < 3; i++) {
            assertThat(emulator.withPassword().upload(URI, "a.rpm", rpm).status()).isEqualTo(200);
        }

        List<Connection> all = new ArrayList<>();
        try {
            for (int i = 0; i < ((HikariDataSource) dataSource).getMaximumPoolSize(); i++) {
                all.add(dataSource.getConnection());
            }
            for (Connection connection : all) {
                try (Statement statement = connection.createStatement();
                        ResultSet pages = statement.executeQuery("PRAGMA wal_autocheckpoint")) {
                    assertThat(pages.next()).isTrue();
                    assertThat(pages.getInt(1)).isEqualTo(1000);
                }
            }
        } finally {
            for (Connection connection : all) {
                connection.close();
            }
        }
    }

    private byte[] rpmBytes() throws IOException {
        return Files.readAllBytes(TestRpms.obproxy("4.3.3.0").release("5.el7").build(dir));
    }

    private static byte[] form(byte[] file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ascii("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.rpm\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"));
        out.write(file);
        out.write(ascii("\r\n--" + BOUNDARY + "--\r\n"));
        return out.toByteArray();
    }

    /** PKCS#7, as the SDKs pad. */
    private static byte[] padded(byte[] plain) {
        int pad = 16 - plain.length % 16;
        byte[] out = Arrays.copyOf(plain, plain.length + pad);
        Arrays.fill(out, plain.length, out.length, (byte) pad);
        return out;
    }

    /** Base64 of AES-128-CBC with key KEYS[0:16], IV KEYS[16:], no padding added. */
    private static byte[] encrypt(byte[] plain) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEYS, 0, 16, "AES"),
                new IvParameterSpec(KEYS, 16, 16));
        return Base64.getEncoder().encode(cipher.doFinal(plain));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
