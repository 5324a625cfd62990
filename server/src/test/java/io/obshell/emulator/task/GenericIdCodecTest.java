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

    // Go's big.Int.SetString takes a sign and net.IP its magnitude; Atoi and ParseInt take signs too.
    @Test
    void signsAreAcceptedWhereGosParsersAcceptThem() {
        GenericIdCodec.GenericId signedIp = GenericIdCodec.decode("4+130706489288611");
        assertThat(signedIp.ip()).isEqualTo("7.202.108.57");
        assertThat(signedIp.port()).isEqualTo(28861);
        assertThat(signedIp.rowId()).isEqualTo(1);
        assertThat(GenericIdCodec.decode("4-130706489288611").ip()).isEqualTo("7.202.108.57");
        GenericIdCodec.GenericId signedPort = GenericIdCodec.decode("42130706433-2886-7");
        assertThat(signedPort.ip()).isEqualTo("127.0.0.1");
        assertThat(signedPort.port()).isEqualTo(-2886);
        assertThat(signedPort.rowId()).isEqualTo(-7);
    }

    // To16 of a 4-byte value is IPv4-mapped, and Go prints that as IPv4: it can name this agent.
    @Test
    void aFourByteValueUnderPrefixFiveIsAnIpv4MappedAddress() {
        String id = "5" + "0".repeat(29) + "2130706433" + "28861" + "3";
        GenericIdCodec.GenericId decoded = GenericIdCodec.decode(id);
        assertThat(decoded.ip()).isEqualTo("127.0.0.1");
        assertThat(GenericIdCodec.names(decoded, "127.0.0.1", 28861)).isTrue();
        assertThat(GenericIdCodec.names(decoded, "127.0.0.1", 28862)).isFalse();
        String mapped = new java.math.BigInteger("ffff7f000001", 16).toString();
        String padded = "5" + "0".repeat(39 - mapped.length()) + mapped + "28861" + "3";
        // big.Int.Bytes drops leading zeros: ::ffff:127.0.0.1 is six bytes, neither 4 nor 16.
        assertThatThrownBy(() -> GenericIdCodec.decode(padded)).hasMessageEndingWith(": convert id to ip failed");
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
            "40abcdefghi02886111|Invalid ID: 40abcdefghi02886111: convert id to bigInt failed",
            "4abcdefghij288611|Invalid ID: 4abcdefghij288611: convert id to bigInt failed",
            "4+000000000288611|Invalid ID: 4+000000000288611: convert id to ip failed",
            "4-________0288611|Invalid ID: 4-________0288611: convert id to bigInt failed",
            "499999999990288611|Invalid ID: 499999999990288611: convert id to ip failed",
            "421307064892886x1|Invalid ID: 421307064892886x1: parse port failed",
            "42130706489+28+11|Invalid ID: 42130706489+28+11: parse port failed",
            "42130706489 28861|Invalid ID: 42130706489 28861: parse port failed",
            "5000000000000000000000000000000000000000028861|"
                    + "Invalid ID: 5000000000000000000000000000000000000000028861: convert id to ip failed",
            "50000000000000000000000000000000004294967296028861|"
                    + "Invalid ID: 50000000000000000000000000000000004294967296028861: convert id to ip failed",
            "4213070648928861+|Invalid ID: 4213070648928861+: strconv.ParseInt: parsing \"+\": invalid syntax",
            "421307064892886199999999999999999999|Invalid ID: 421307064892886199999999999999999999: "
                    + "strconv.ParseInt: parsing \"99999999999999999999\": value out of range",
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
