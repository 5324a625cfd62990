package io.obshell.emulator.obproxy;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;
import io.obshell.emulator.secure.GoParseInt;

/**
 * One {@code rs_list} entry as obshell reads it (meta/agent.go, ConvertAddressToAgentInfo) and
 * where its MySQL driver then dials. An entry with a '.' is IPv4: {@code host} alone is taken
 * unchecked with port 2886, {@code ip:port} needs a port in (1024, 65536) and an IPv4 literal.
 * Any other entry is IPv6: the first run of {@code [ip]}, {@code [ip]:port}, {@code ip} or
 * {@code ip:port} the pattern finds anywhere in it, the IP an IPv6 literal that is not
 * IPv4-mapped; as the pattern is greedy, a bare {@code ::1:2881} is the IP {@code ::1:2881}.
 *
 * @param host the IP as the entry gave it
 */
record ObserverAddress(String host, int port) {

    /** obshell's DEFAULT_AGENT_PORT, taken for an entry without a port. */
    static final int DEFAULT_PORT = 2886;
    private static final Pattern IPV6 = Pattern.compile("(?:\\[([0-9a-fA-F:]+)\\]|([0-9a-fA-F:]+))(?::(\\d+))?");

    /** Fails with obshell's Common.InvalidAddress, InvalidPort or InvalidIp. */
    static ObserverAddress parse(String entry) {
        if (entry.isEmpty()) {
            throw ApiException.handler(ErrorCode.COMMON_INVALID_ADDRESS, entry);
        }
        return entry.contains(".") ? parseIpv4(entry) : parseIpv6(entry);
    }

    private static ObserverAddress parseIpv4(String entry) {
        String[] parts = entry.split(":", -1);
        if (parts.length == 1) {
            return new ObserverAddress(entry, DEFAULT_PORT);
        }
        if (parts.length > 2) {
            throw ApiException.handler(ErrorCode.COMMON_INVALID_ADDRESS, entry);
        }
        int port = port(parts[1]);
        if (ipv4(parts[0]) == null) {
            throw ApiException.handler(ErrorCode.COMMON_INVALID_IP, parts[0]);
        }
        return new ObserverAddress(parts[0], port);
    }

    private static ObserverAddress parseIpv6(String entry) {
        Matcher matcher = IPV6.matcher(entry);
        if (!matcher.find()) {
            throw ApiException.handler(ErrorCode.COMMON_INVALID_ADDRESS, entry);
        }
        String ip = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
        int port = matcher.group(3) != null ? port(matcher.group(3)) : DEFAULT_PORT;
        byte[] bytes = ipv6(ip);
        if (bytes == null || isIpv4Mapped(bytes)) {
            throw ApiException.handler(ErrorCode.COMMON_INVALID_IP, ip);
        }
        return new ObserverAddress(ip, port);
    }

    /** strconv.Atoi and utils.IsValidPortValue: (1024, 65536). */
    private static int port(String text) {
        long value;
        try {
            value = GoParseInt.atoi(text, IllegalArgumentException::new);
        } catch (IllegalArgumentException e) {
            value = -1;
        }
        if (value <= 1024 || value >= 65536) {
            throw ApiException.handler(ErrorCode.COMMON_INVALID_PORT, text);
        }
        return (int) value;
    }

    /**
     * Where the driver connects, as Go prints the remote address of a failed dial
     * ({@code 127.0.0.1:2881}, {@code [::1]:2881}); null for a host that is no IP literal, which
     * the driver would have to look up by name (the emulator resolves no names).
     */
    String dialAddress() {
        byte[] v4 = ipv4(host);
        if (v4 != null) {
            return host + ":" + port;
        }
        byte[] v6 = host.contains(":") ? ipv6(host) : null;
        return v6 == null ? null : "[" + ipv6Text(v6) + "]:" + port;
    }

    /**
     * An address of the emulated cluster: {@code ip:port} or {@code [ipv6]:port}, the port
     * 1 to 65535, as {@link #dialAddress()} would give it; null when it is neither.
     */
    static String clusterAddress(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0 || !text.substring(colon + 1).matches("[0-9]{1,5}")) {
            return null;
        }
        int port = Integer.parseInt(text.substring(colon + 1));
        String ip = text.substring(0, colon);
        if (port < 1 || port > 65535) {
            return null;
        }
        if (ip.startsWith("[") && ip.endsWith("]")) {
            byte[] v6 = ipv6(ip.substring(1, ip.length() - 1));
            return v6 == null || isIpv4Mapped(v6) ? null : "[" + ipv6Text(v6) + "]:" + port;
        }
        return ipv4(ip) == null ? null : ip + ":" + port;
    }

    /** netip.ParseAddr for dotted IPv4: four decimal parts of at most 255, no leading zeros. */
    private static byte[] ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int k = 0; k < 4; k++) {
            if (!parts[k].matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(parts[k]) > 255) {
                return null;
            }
            bytes[k] = (byte) Integer.parseInt(parts[k]);
        }
        return bytes;
    }

    /**
     * netip.ParseAddr for an IPv6 literal made of hex digits and colons: fields of 1 to 4 hex
     * digits, at most one {@code ::} standing for at least one zero field; null when invalid.
     */
    static byte[] ipv6(String text) {
        if (!text.contains(":")) {
            return null;
        }
        byte[] ip = new byte[16];
        int ellipsis = -1;
        String s = text;
        if (s.startsWith("::")) {
            ellipsis = 0;
            s = s.substring(2);
            if (s.isEmpty()) {
                return ip;
            }
        }
        int i = 0;
        while (i < 16) {
            int off = 0;
            int acc = 0;
            while (off < s.length() && Character.digit(s.charAt(off), 16) >= 0 && s.charAt(off) < 0x80) {
                if (off > 3) {
                    return null;
                }
                acc = (acc << 4) + Character.digit(s.charAt(off), 16);
                off++;
            }
            if (off == 0) {
                return null;
            }
            ip[i] = (byte) (acc >> 8);
            ip[i + 1] = (byte) acc;
            i += 2;
            s = s.substring(off);
            if (s.isEmpty()) {
                break;
            }
            if (s.charAt(0) != ':' || s.length() == 1) {
                return null;
            }
            s = s.substring(1);
            if (s.charAt(0) == ':') {
                if (ellipsis >= 0) {
                    return null;
                }
                ellipsis = i;
                s = s.substring(1);
                if (s.isEmpty()) {
                    break;
                }
            }
        }
        if (!s.isEmpty()) {
            return null;
        }
        if (i < 16) {
            if (ellipsis < 0) {
                return null;
            }
            int n = 16 - i;
            System.arraycopy(ip, ellipsis, ip, ellipsis + n, i - ellipsis);
            Arrays.fill(ip, ellipsis, ellipsis + n, (byte) 0);
        } else if (ellipsis >= 0) {
            return null;
        }
        return ip;
    }

    /** net.IP.To4 of an IPv6 address: non-nil for {@code ::ffff:a.b.c.d}. */
    private static boolean isIpv4Mapped(byte[] ip) {
        for (int k = 0; k < 10; k++) {
            if (ip[k] != 0) {
                return false;
            }
        }
        return ip[10] == (byte) 0xff && ip[11] == (byte) 0xff;
    }

    /** Go's RFC 5952 text: lower-case fields, the first longest run of two or more zero fields as {@code ::}. */
    private static String ipv6Text(byte[] ip) {
        int[] fields = new int[8];
        for (int k = 0; k < 8; k++) {
            fields[k] = ((ip[2 * k] & 0xff) << 8) | (ip[2 * k + 1] & 0xff);
        }
        int zeroStart = -1;
        int zeroLength = 1;
        for (int k = 0; k < 8; k++) {
            int end = k;
            while (end < 8 && fields[end] == 0) {
                end++;
            }
            if (end - k > zeroLength) {
                zeroStart = k;
                zeroLength = end - k;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int k = 0; k < 8; k++) {
            if (k == zeroStart) {
                text.append("::");
                k += zeroLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(fields[k]));
        }
        return text.toString();
    }
}
