package io.obshell.emulator.task;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;
import io.obshell.emulator.secure.GoParseInt;

/**
 * obshell's generic task IDs (dag-engine.md §1.6): {@code 4} + the agent IPv4 as a 10-digit
 * integer + the port in 5 digits + the row id; {@code 5} and 39 digits for IPv6. Decoding
 * answers malformed IDs with obshell's 400 texts.
 */
public final class GenericIdCodec {

    /** A decoded ID: its type prefix, the agent it names, and the row id. */
    public record GenericId(char prefix, String ip, int port, long rowId) {

        public boolean obproxy() {
            return prefix == '4' || prefix == '5';
        }
    }

    private GenericIdCodec() {
    }

    /** The ID of an obproxy-type row of the agent at {@code ip:port}. */
    public static String encodeObproxy(String ip, int port, long rowId) {
        byte[] address = address(ip);
        boolean v6 = address.length == 16;
        String number = new BigInteger(1, address).toString();
        String padded = "0".repeat((v6 ? 39 : 10) - number.length()) + number;
        return (v6 ? "5" : "4") + padded + String.format("%05d", port) + rowId;
    }

    /**
     * obshell's ConvertGenericID ({@code engine/task/task_dto.go}): Go slices the ID by bytes,
     * parses the address with {@code big.Int.SetString} (a sign is accepted, its magnitude
     * used), turns it into an IP with {@code To4}/{@code To16}, and reads port and row id with
     * {@code strconv.Atoi}/{@code ParseInt}, which accept a sign too.
     */
    public static GenericId decode(String id) {
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        char prefix = bytes.length == 0 ? ' ' : (char) (bytes[0] & 0xff);
        int ipDigits = switch (prefix) {
            case '2', '4' -> 10;
            case '3', '5' -> 39;
            case '1' -> 0;
            default -> -1;
        };
        if ((prefix == '1' && bytes.length <= 1) || (ipDigits > 0 && bytes.length <= 1 + ipDigits + 5)) {
            throw ApiException.of(ErrorCode.TASK_GENERIC_ID_INVALID, id);
        }
        if (ipDigits < 0) {
            throw invalid(id, "invalid generic id");
        }
        if (prefix == '1') {
            return new GenericId(prefix, null, 0, parseRowId(id, slice(bytes, 1, bytes.length)));
        }
        String ip = ip(id, ascii(bytes, 1, 1 + ipDigits), ipDigits == 39);
        Integer port = atoi(ascii(bytes, 1 + ipDigits, 1 + ipDigits + 5));
        if (port == null) {
            throw invalid(id, "parse port failed");
        }
        return new GenericId(prefix, ip, port, parseRowId(id, slice(bytes, 1 + ipDigits + 5, bytes.length)));
    }

    /** Whether a decoded ID names the agent at {@code ip:port}, as obshell's AgentInfo.Equal compares them. */
    public static boolean names(GenericId id, String ip, int port) {
        return id.ip() != null && id.port() == port && sameAddress(id.ip(), ip);
    }

    private static boolean sameAddress(String a, String b) {
        if (a.equals(b)) {
            // What every poll of this agent's own IDs meets: no address to parse twice.
            return true;
        }
        try {
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return a.equals(b);
        }
    }

    private static long parseRowId(String id, String text) {
        return GoParseInt.parse(text, detail -> invalid(id, detail));
    }

    /**
     * {@code new(big.Int).SetString(digits, 10)}, then {@code net.IP(n.Bytes()).To4()} (or
     * {@code To16()}): only a 4-byte magnitude (or, for 39 digits, a 16-byte one) is an address,
     * and a 4-byte one under a 39-digit prefix is read as IPv4-mapped, so it prints as IPv4.
     */
    private static String ip(String id, String digits, boolean v6) {
        String unsigned = digits.startsWith("+") || digits.startsWith("-") ? digits.substring(1) : digits;
        if (unsigned.isEmpty() || !unsigned.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(id, "convert id to bigInt failed");
        }
        byte[] magnitude = new BigInteger(unsigned).toByteArray();
        int start = magnitude.length > 1 && magnitude[0] == 0 ? 1 : 0;
        int length = new BigInteger(unsigned).signum() == 0 ? 0 : magnitude.length - start;
        if (length != 4 && !(v6 && length == 16)) {
            throw invalid(id, "convert id to ip failed");
        }
        byte[] raw = new byte[length];
        System.arraycopy(magnitude, start, raw, 0, length);
        try {
            // The JDK, like Go's IP.String, gives an IPv4-mapped IPv6 address as IPv4.
            return InetAddress.getByAddress(raw).getHostAddress();
        } catch (UnknownHostException e) {
            throw invalid(id, "convert id to ip failed");
        }
    }

    /** Go's strconv.Atoi on a short string: an optional sign and ASCII digits, else null. */
    private static Integer atoi(String text) {
        String digits = text.startsWith("+") || text.startsWith("-") ? text.substring(1) : text;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return Integer.parseInt(text);
    }

    /** Bytes as Latin-1 chars: a non-ASCII byte stays a non-digit, as it is for Go's parsers. */
    private static String ascii(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static String slice(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    private static byte[] address(String ip) {
        try {
            return InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + ip, e);
        }
    }

    private static ApiException invalid(String id, String cause) {
        return ApiException.withCause(ErrorCode.TASK_GENERIC_ID_INVALID, cause, id);
    }
}
