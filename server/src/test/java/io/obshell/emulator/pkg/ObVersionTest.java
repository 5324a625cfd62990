package io.obshell.emulator.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** envelope-errors.md §3.2 (SplitRelease) and §3.3 (CompareVersion), rule by rule. */
class ObVersionTest {

    @ParameterizedTest(name = "{0} -> build ''{1}'', distribution ''{2}''")
    @CsvSource(delimiter = '|', emptyValue = "", value = {
            "5.el7     | 5  | el7",
            "26.el7.x  | 26 | x",
            "5.        | 5  | ''",
            ".el7      | '' | el7",
            "1.2.3.4   | 1  | 4",
    })
    void splitReleaseTakesTheFirstPartAsBuildAndTheLastAsDistribution(String release, String build, String dist) {
        assertThat(ObVersion.splitRelease(release)).isEqualTo(new ObVersion.Release(build, dist));
    }

    @ParameterizedTest
    @CsvSource(emptyValue = "", value = {"5", "''", "el7"})
    void splitReleaseRejectsAReleaseWithoutADotAsAHandlerError(String release) {
        assertThatThrownBy(() -> ObVersion.splitRelease(release))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PACKAGE_RELEASE_FORMAT_INVALID);
                    assertThat(e.code().status()).isEqualTo(400);
                    assertThat(e.code().errCode()).isEqualTo("Package.ReleaseFormat.Invalid");
                    assertThat(e.getMessage()).isEqualTo("Release format " + release + " is illegal");
                    assertThat(e.stage()).isEqualTo(ApiException.Stage.HANDLER);
                });
    }

    @ParameterizedTest(name = "compare({0}, {1}) = {2}")
    @CsvSource(delimiter = '|', emptyValue = "", value = {
            // components compare numerically, not as strings
            "4.10.0      | 4.9.0       |  1",
            "4.2.0       | 4.10.0      | -1",
            "4.3.3.0     | 4.3.3.0     |  0",
            // a non-numeric component counts as 0
            "4.x.1       | 4.0.1       |  0",
            "4.3a.0      | 4.0.0       |  0",
            // on a tie over the shorter length, more components wins
            "4.3.3.0     | 4.3.3       |  1",
            "4.3.3       | 4.3.3.0     | -1",
            "4.0.0.0     | 4.0.0       |  1",
            // then the integer release after the first dash, numerically
            "4.3.2.0-26  | 4.3.2.0-5   |  1",
            "4.3.2.0-5   | 4.3.2.0-10  | -1",
            "4.3.2.0     | 4.3.2.0-0   |  0",
            "4.3.2.0-0   | 4.3.2.0     |  0",
            "4.3.2.0-1   | 4.3.2.0     |  1",
            "4.3.2.0-abc | 4.3.2.0     |  0",
            // extra dash parts are ignored: version 4.3.3.0-1 with release 5.el7 compares as rel 1
            "4.3.3.0-1-5 | 4.3.3.0-1   |  0",
            "4.3.3.0-1-5 | 4.3.3.0-2   | -1",
            // a version compares before any release
            "4.3.3.0-1   | 4.3.2.0-99  |  1",
            // the empty current version is lower than anything with a positive component
            "''          | 4.0.0       | -1",
            "''          | 0.0.1       | -1",
            // the upgrade example: current 4.3.2.0-26, target 4.3.3.0-5
            "4.3.2.0-26  | 4.3.3.0-5   | -1",
            // the upload minimum
            "3.9.0       | 4.0.0       | -1",
            "4.0.0       | 4.0.0       |  0",
            "4.0.0.0     | 4.0.0       |  1",
    })
    void compareFollowsObshellsCompareVersion(String a, String b, int expected) {
        assertThat(ObVersion.compare(a, b)).isEqualTo(expected);
        assertThat(ObVersion.compare(b, a)).isEqualTo(-expected);
    }

    @ParameterizedTest(name = "atoi({0}) = {1}")
    @CsvSource(delimiter = '|', emptyValue = "", value = {
            "42                   | 42",
            "+7                   | 7",
            "-3                   | -3",
            "007                  | 7",
            "''                   | 0",
            "+                    | 0",
            "-                    | 0",
            "' 4'                 | 0",
            "'4 '                 | 0",
            "1_000                | 0",
            "9223372036854775807  | 9223372036854775807",
            "9223372036854775808  | 9223372036854775807",
            "-9223372036854775808 | -9223372036854775808",
            "-9223372036854775809 | -9223372036854775808",
            "99999999999999999999 | 9223372036854775807",
    })
    void componentsParseLikeGoAtoi(String text, long expected) {
        assertThat(ObVersion.atoi(text)).isEqualTo(expected);
    }

    @Test
    void negativeAndOverflowingComponentsCompareByTheirGoValues() {
        assertThat(ObVersion.compare("4.-1.0", "4.0.0")).isEqualTo(-1);
        assertThat(ObVersion.compare("99999999999999999999.0", "9223372036854775807.0")).isZero();
    }
}
