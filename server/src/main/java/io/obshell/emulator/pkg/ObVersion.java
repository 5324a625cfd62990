package io.obshell.emulator.pkg;

import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;

/**
 * obshell's version arithmetic (envelope-errors.md §3.2, §3.3), with Go's {@code strings.Split}
 * and {@code strconv.Atoi} semantics: a component that does not parse counts as 0, an
 * out-of-range one is clamped, empty parts are kept.
 */
public final class ObVersion {

    private ObVersion() {
    }

    /** A release split into build number (first part) and distribution (last part). */
    public record Release(String buildNumber, String distribution) {
    }

    /**
     * obshell's SplitRelease: at least two dot-separated parts, else 400
     * {@code Package.ReleaseFormat.Invalid} as a handler error ({@code "data": null}).
     */
    public static Release splitRelease(String release) {
        String[] parts = release.split("\\.", -1);
        if (parts.length < 2) {
            throw ApiException.handler(ErrorCode.PACKAGE_RELEASE_FORMAT_INVALID, release);
        }
        return new Release(parts[0], parts[parts.length - 1]);
    }

    /**
     * obshell's CompareVersion of {@code <dotted>[-<rel>]} strings: components compared
     * numerically up to the shorter length, then more components wins, then the integer after
     * the first dash (0 without one). Returns 1, 0 or -1.
     */
    public static int compare(String a, String b) {
        String[] aParts = a.split("-", -1);
        String[] bParts = b.split("-", -1);
        String[] aVersion = aParts[0].split("\\.", -1);
        String[] bVersion = bParts[0].split("\\.", -1);
        int shorter = Math.min(aVersion.length, bVersion.length);
        for (int i = 0; i < shorter; i++) {
            int byComponent = Long.compare(atoi(aVersion[i]), atoi(bVersion[i]));
            if (byComponent != 0) {
                return byComponent;
            }
        }
        if (aVersion.length != bVersion.length) {
            return aVersion.length > bVersion.length ? 1 : -1;
        }
        return Long.compare(release(aParts), release(bParts));
    }

    private static long release(String[] dashParts) {
        return dashParts.length == 1 ? 0 : atoi(dashParts[1]);
    }

    /** Go's {@code strconv.Atoi} value: 0 on a syntax error, the int64 bound on overflow. */
    static long atoi(String s) {
        int start = 0;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            start = 1;
        }
        if (start == s.length()) {
            return 0;
        }
        long value = 0;
        boolean overflow = false;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            if (!overflow) {
                int digit = c - '0';
                // Accumulate as a negative number so that Long.MIN_VALUE stays representable.
                if (value < (Long.MIN_VALUE + digit) / 10) {
                    overflow = true;
                } else {
                    value = value * 10 - digit;
                }
            }
        }
        if (overflow) {
            return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        if (negative) {
            return value;
        }
        return value == Long.MIN_VALUE ? Long.MAX_VALUE : -value;
    }
}
