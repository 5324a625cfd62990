package io.obshell.emulator.obproxy;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obshell.emulator.api.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** CheckPathValid for upgrade_dir, envelope-errors.md §3.4. */
class UpgradeDirPathTest {

    private static final String TRAVERSAL =
            "should not lead to directory traversal issues when joined with a generated parent path";

    @ParameterizedTest
    @ValueSource(strings = {"/", "/data", "/data/up/", "/a/../b", "/a/./b", "/数据/升级", "/x:y@z-1_2.3", "/a/b/../.."})
    void acceptsWhatObshellAccepts(String path) {
        assertThatCode(() -> UpgradeDirPath.check(path)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
            "data|should start with '/'",
            " /data|should start with '/'",
            "/data dir|should match pattern ^[a-zA-Z0-9\u4e00-\u9fa5\\-_:@/\\.]*$",
            "/data |should match pattern ^[a-zA-Z0-9\u4e00-\u9fa5\\-_:@/\\.]*$",
            "/data;rm|should match pattern ^[a-zA-Z0-9\u4e00-\u9fa5\\-_:@/\\.]*$",
            "/..|" + TRAVERSAL,
            "/../x|" + TRAVERSAL,
            "/a/../../b|" + TRAVERSAL,
    })
    void rejectsWithObshellsReason(String path, String reason) {
        assertThatThrownBy(() -> UpgradeDirPath.check(path))
                .isInstanceOfSatisfying(ApiException.class, e -> org.assertj.core.api.Assertions
                        .assertThat(e.getMessage()).isEqualTo("Path '" + path + "' is not valid: " + reason));
    }
}
