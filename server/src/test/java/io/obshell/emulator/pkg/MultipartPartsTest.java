package io.obshell.emulator.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.obshell.emulator.Trickle;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.FileUploadSizeException;
import org.apache.commons.fileupload2.core.MultipartInput;

/**
 * MultipartParts reads every form as commons-fileupload's MultipartInput (what FormFile used
 * before) reads it: the same headers, the same bodies, the same end or failure, for forms with
 * delimiter look-alikes in their bodies, odd bytes after a delimiter, long headers and cuts
 * anywhere.
 */
class MultipartPartsTest {

    @Property(tries = 400)
    void readsEveryFormAsMultipartInputDid(@ForAll long seed) throws IOException {
        Random random = new Random(seed);
        byte[] boundary = boundary(random);
        byte[] rest = form(random, boundary);
        int buffer = random.nextBoolean() ? 4096 : 64 * 1024;

        assertThat(ours(rest, boundary)).isEqualTo(theirs(rest, boundary, buffer));
    }

    /** What each reader saw, in order, ending with how the form ended. */
    private static List<String> ours(byte[] rest, byte[] boundary) {
        List<String> seen = new ArrayList<>();
        MultipartParts parts = new MultipartParts(trickle(rest), boundary);
        try {
            boolean more = true;
            while (more) {
                seen.add("headers " + parts.readHeaders());
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                parts.readBody(body);
                seen.add("body " + Arrays.toString(body.toByteArray()));
                more = parts.readBoundary();
            }
            seen.add("end");
        } catch (MultipartParts.HeadersTooLarge e) {
            seen.add("headers too large");
        } catch (MultipartParts.Malformed e) {
            seen.add("malformed");
        } catch (IOException e) {
            seen.add("failed " + e);
        }
        return seen;
    }

    private static List<String> theirs(byte[] rest, byte[] boundary, int bufferSize) throws IOException {
        List<String> seen = new ArrayList<>();
        byte[] first = concat(ascii("--"), concat(boundary, ascii("\r\n")));
        InputStream in = new SequenceInputStream(new ByteArrayInputStream(first), trickle(rest));
        MultipartInput multipart = MultipartInput.builder().setInputStream(in).setBoundary(boundary)
                .setBufferSize(bufferSize).get();
        try {
            boolean more = multipart.skipPreamble();
            while (more) {
                seen.add("headers " + multipart.readHeaders());
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                multipart.readBodyData(body);
                seen.add("body " + Arrays.toString(body.toByteArray()));
                more = multipart.readBoundary();
            }
            seen.add("end");
        } catch (FileUploadSizeException e) {
            seen.add("headers too large");
        } catch (FileUploadException e) {
            seen.add("malformed");
        } catch (IOException e) {
            seen.add("failed " + e);
        }
        return seen;
    }

    private static byte[] boundary(Random random) {
        String alphabet = "abcXYZ0123456789-_'()+,./:=? ";
        byte[] boundary = new byte[1 + random.nextInt(random.nextBoolean() ? 8 : 70)];
        for (int i = 0; i < boundary.length; i++) {
            boundary[i] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return boundary;
    }

    /** The form after its first delimiter line: parts, near-delimiters, odd endings, cuts. */
    private static byte[] form(Random random, byte[] boundary) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] delimiter = concat(ascii("\r\n--"), boundary);
        int parts = 1 + random.nextInt(3);
        for (int p = 0; p < parts; p++) {
            String headers = "Content-Disposition: form-data; name=\"f" + p + "\"; filename=\"x\"\r\n";
            if (random.nextInt(8) == 0) {
                headers += "X-Long: " + "y".repeat(random.nextInt(700)) + "\r\n";
            }
            if (random.nextInt(10) == 0) {
                headers += "\r\r\n";
            }
            out.writeBytes(ascii(headers + "\r\n"));
            int size = random.nextInt(random.nextInt(5) == 0 ? 200_000 : 300);
            for (int i = 0; i < size; i++) {
                int kind = random.nextInt(2000);
                if (kind == 0) {
                    out.writeBytes(Arrays.copyOf(delimiter, random.nextInt(delimiter.length)));
                } else if (kind == 1) {
                    out.write('\r');
                } else if (kind == 2) {
                    out.writeBytes(ascii("\r\n--"));
                } else {
                    out.write(random.nextInt(256));
                }
            }
            out.writeBytes(delimiter);
            boolean last = p == parts - 1;
            String after = switch (random.nextInt(12)) {
                case 0 -> "\n";
                case 1 -> "xy";
                case 2 -> "-x";
                case 3 -> "";
                default -> last ? "--\r\n" : "\r\n";
            };
            out.writeBytes(ascii(after));
        }
        byte[] form = out.toByteArray();
        return random.nextInt(5) == 0 ? Arrays.copyOf(form, random.nextInt(form.length + 1)) : form;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The bytes in pieces of 1 to 9,000 bytes, the same pieces for the same bytes. */
    private static Trickle trickle(byte[] bytes) {
        Random random = new Random(bytes.length);
        return new Trickle(bytes, () -> 1 + random.nextInt(9000));
    }
}
