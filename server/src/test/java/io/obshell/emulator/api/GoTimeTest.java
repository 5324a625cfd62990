package io.obshell.emulator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** GoTime writes exactly what ISO_OFFSET_DATE_TIME writes, for any instant and zone. */
class GoTimeTest {

    private static String reference(Instant instant, ZoneId zone) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(zone).toOffsetDateTime());
    }

    @Property(tries = 3000)
    void anyInstantInAnyZoneIsWrittenAsTheFormatterWritesIt(@ForAll("instants") Instant instant,
            @ForAll("zones") ZoneId zone) {
        assertThat(GoTime.format(instant, Clock.fixed(instant, zone))).isEqualTo(reference(instant, zone));
    }

    @Test
    void edgesOfTheFraction() {
        for (int nano : new int[] {0, 1, 10, 100_000_000, 123_000_000, 999_999_999, 120_000_001, 500}) {
            for (ZoneId zone : List.of(ZoneOffset.UTC, ZoneId.of("Asia/Kathmandu"), ZoneOffset.ofHoursMinutesSeconds(-5, -7, -9))) {
                Instant instant = Instant.ofEpochSecond(1_767_225_600L, nano);
                assertThat(GoTime.format(instant, Clock.fixed(instant, zone))).isEqualTo(reference(instant, zone));
            }
        }
        Instant epoch = Instant.EPOCH;
        assertThat(GoTime.format(epoch, Clock.fixed(epoch, ZoneOffset.UTC))).isEqualTo("1970-01-01T00:00:00Z");
    }

    @Provide
    Arbitrary<Instant> instants() {
        // Years -2000 to 12000: the formatter's own path beyond 0000-9999 included.
        return Arbitraries.longs().between(-125_000_000_000L, 316_000_000_000L)
                .flatMap(seconds -> Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999_999_999),
                        Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000))
                        .map(nano -> Instant.ofEpochSecond(seconds, nano)));
    }

    @Provide
    Arbitrary<ZoneId> zones() {
        List<ZoneId> all = Stream.concat(ZoneId.getAvailableZoneIds().stream().map(ZoneId::of),
                Stream.of(ZoneOffset.UTC, ZoneOffset.ofHoursMinutesSeconds(5, 30, 15), ZoneOffset.ofHours(-12)))
                .toList();
        return Arbitraries.of(all);
    }
}
