package io.obshell.emulator.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obshell.emulator.api.ApiException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Generic IDs, dag-engine.md §1.6. */
class GenericIdCodecTest {

    @Test
    void encodesTheReferenceExamples() {
        assertThat(GenericIdCodec.encodeObproxy("10.0.0.1", 2886, 11)).isEqualTo("401677721610288611");
        assertThat(GenericIdCodec.encodeObproxy("11.158.31.107", 8088, 11)).isEqualTo("401949121070808811");
        assertThat(GenericIdCodec.encodeObproxy("10.10.10.1", 2886, 3)).isEqualTo("40168430081028863");
    }

    @Test
    void decodesAgentAndRowId() {
        GenericIdCodec.GenericId id = GenericIdCodec.decode("401949121070808811");
        assertThat(id.prefix()).isEqualTo('4');
        assertThat(id.ip()).isEqualTo("11.158.31.107");
        assertThat(id.port()).isEqualTo(8088);
        assertThat(id.rowId()).isEqualTo(11);
        assertThat(id.obproxy()).isTrue();
    }

    @Test
    void ipv6AgentsGetPrefixFiveAnd39Digits() {
        String id = GenericIdCodec.encodeObproxy("2001:db8::1", 2886, 7);
        assertThat(id).startsWith("5042540766411282592856903984951653826561").hasSize(1 + 39 + 5 + 1);
        GenericIdCodec.GenericId decoded = GenericIdCodec.decode(id);
        assertThat(decoded.ip()).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(decoded.port()).isEqualTo(2886);
        assertThat(decoded.rowId()).isEqualTo(7);
    }

    @Property(tries = 200)
    void ipv4IdsRoundTrip(@ForAll @IntRange(min = 1, max = 223) int a, @ForAll @IntRange(max = 255) int b,
            @ForAll @IntRange(max = 255) int c, @ForAll @IntRange(max = 255) int d,
            @ForAll @IntRange(min = 1, max = 65535) int port, @ForAll @LongRange(min = 1) long row) {
        String ip = a + "." + b + "." + c + "." + d;
        GenericIdCodec.GenericId decoded = GenericIdCodec.decode(GenericIdCodec.encodeObproxy(ip, port, row));
        assertThat(decoded.ip()).isEqualTo(ip);
        assertThat(decoded.port()).isEqualTo(port);
        assertThat(decoded.rowId()).isEqualTo(row);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "4|Invalid ID: 4",
            "4016777216102886|Invalid ID: 4016777216102886",
            "2016777216102886|Invalid ID: 2016777216102886",
            "5123|Invalid ID: 5123",
            "1|Invalid ID: 1",
            "9123456789012345678|Invalid ID: 9123456789012345678: invalid generic id",
            "x0167772161028861|Invalid ID: x0167772161028861: invalid generic id",
            "400000000010288611|Invalid ID: 400000000010288611: convert id to ip failed",
            "40abcdefghi02886111|Invalid ID: 40abcdefghi02886111: convert id to ip failed",
            "40167772161028861x|Invalid ID: 40167772161028861x: strconv.ParseInt: parsing \"1x\": invalid syntax",
    })
    void malformedIdsAreRejectedWithObshellsTexts(String id, String message) {
        assertThatThrownBy(() -> GenericIdCodec.decode(id))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code().errCode()).isEqualTo("Task.GenericID.Invalid");
                    assertThat(e.code().status()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }
}
