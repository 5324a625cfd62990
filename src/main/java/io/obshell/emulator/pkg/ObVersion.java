package io.obshell.emulator.pkg;

import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;

/** obshell's version arithmetic (envelope-errors.md §3.2, §3.3). */
public final class ObVersion {

    /** A release split as SplitRelease does: build = first dot part, distribution = last. */
    public record Release(String buildNumber, String distribution) {
    }

    private ObVersion() {
    }

    /** SplitRelease: fewer than two dot parts is Package.ReleaseFormat.Invalid (a handler error). */
    public static Release splitRelease(String release) {
        String[] parts = release.split("\\.", -1);
        if (parts.length < 2) {
            throw ApiException.handler(ErrorCode.PACKAGE_RELEASE_FORMAT_INVALID, release);
        }
        return new Release(parts[0], parts[parts.length - 1]);
    }

    /**
     * CompareVersion of {@code <dotted>[-<rel>]}: components numerically (non-numeric is 0), the
     * longer version wins a tie, then the integer after the first dash.
     */
    public static int compare(String a, String b) {
        String[] left = a.split("-", -1);
        String[] right = b.split("-", -1);
        String[] leftParts = left[0].split("\\.", -1);
        String[] rightParts = right[0].split("\\.", -1);
        for (int i = 0; i < Math.min(leftParts.length, rightParts.length); i++) {
            int order = Long.compare(atoi(leftParts[i]), atoi(rightParts[i]));
            if (order != 0) {
                return order;
            }
        }
        if (leftParts.length != rightParts.length) {
            return leftParts.length > rightParts.length ? 1 : -1;
        }
        long leftRelease = left.length > 1 ? atoi(left[1]) : 0;
        long rightRelease = right.length > 1 ? atoi(right[1]) : 0;
        return Long.signum(Long.compare(leftRelease, rightRelease));
    }

    private static long atoi(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
