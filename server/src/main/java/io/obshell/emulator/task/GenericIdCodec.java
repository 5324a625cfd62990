package io.obshell.emulator.task;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;

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

    public static GenericId decode(String id) {
        char prefix = id.isEmpty() ? ' ' : id.charAt(0);
        int ipDigits = switch (prefix) {
            case '2', '4' -> 10;
            case '3', '5' -> 39;
            case '1' -> 0;
            default -> -1;
        };
        if ((prefix == '1' && id.length() <= 1) || (ipDigits > 0 && id.length() <= 1 + ipDigits + 5)) {
            throw ApiException.of(ErrorCode.TASK_GENERIC_ID_INVALID, id);
        }
        if (ipDigits < 0) {
            throw invalid(id, "invalid generic id");
        }
        if (prefix == '1') {
            return new GenericId(prefix, null, 0, parseRowId(id, id.substring(1)));
        }
        String ip = ip(id, id.substring(1, 1 + ipDigits), ipDigits == 10 ? 4 : 16);
        String portText = id.substring(1 + ipDigits, 1 + ipDigits + 5);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw invalid(id, "strconv.Atoi: parsing \"" + portText + "\": invalid syntax");
        }
        return new GenericId(prefix, ip, port, parseRowId(id, id.substring(1 + ipDigits + 5)));
    }

    private static long parseRowId(String id, String text) {
        if (!text.matches("[+-]?[0-9]+")) {
            throw invalid(id, "strconv.ParseInt: parsing \"" + text + "\": invalid syntax");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw invalid(id, "strconv.ParseInt: parsing \"" + text + "\": value out of range");
        }
    }

    private static String ip(String id, String digits, int bytes) {
        if (!digits.matches("[0-9]+")) {
            throw invalid(id, "convert id to ip failed");
        }
        byte[] magnitude = new BigInteger(digits).toByteArray();
        int start = magnitude.length > 1 && magnitude[0] == 0 ? 1 : 0;
        if (magnitude.length - start != bytes) {
            throw invalid(id, "convert id to ip failed");
        }
        byte[] raw = new byte[bytes];
        System.arraycopy(magnitude, start, raw, 0, bytes);
        try {
            return InetAddress.getByAddress(raw).getHostAddress();
        } catch (UnknownHostException e) {
            throw invalid(id, "convert id to ip failed");
        }
    }

    private static byte[] address(String ip) {
        try {
            return InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + ip, e);
        }
    }

    private static ApiException invalid(String id, String cause) {
        return ApiException.of(ErrorCode.TASK_GENERIC_ID_INVALID, id + ": " + cause);
    }
}
