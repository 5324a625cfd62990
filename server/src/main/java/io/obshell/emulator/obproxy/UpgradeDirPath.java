package io.obshell.emulator.obproxy;

import java.util.regex.Pattern;

import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;

/** obshell's CheckPathValid for {@code upgrade_dir} (envelope-errors.md §3.4); first failure wins. */
public final class UpgradeDirPath {

    private static final Pattern ALLOWED = Pattern.compile("^[a-zA-Z0-9\\u4e00-\\u9fa5\\-_:@/.]*$");
    /** The pattern as obshell prints it, its CJK range as literal characters. */
    private static final String PATTERN_TEXT = "^[a-zA-Z0-9\u4e00-\u9fa5\\-_:@/\\.]*$";

    private UpgradeDirPath() {
    }

    /** Throws obshell's handler-stage Common.InvalidPath for the first rule {@code path} breaks. */
    public static void check(String path) {
        if (!path.startsWith("/")) {
            throw invalid(path, "should start with '/'");
        }
        if (!ALLOWED.matcher(path).matches()) {
            throw invalid(path, "should match pattern " + PATTERN_TEXT);
        }
        if (climbsAboveRoot(path)) {
            throw invalid(path, "should not lead to directory traversal issues when joined with a generated parent path");
        }
    }

    /** True when {@code ..} components ever outnumber the names before them. */
    private static boolean climbsAboveRoot(String path) {
        int depth = 0;
        for (String part : path.split("/")) {
            if (part.equals("..")) {
                if (--depth < 0) {
                    return true;
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                depth++;
            }
        }
        return false;
    }

    private static ApiException invalid(String path, String reason) {
        return ApiException.handler(ErrorCode.COMMON_INVALID_PATH, path, reason);
    }
}
