package io.obshell.emulator.api;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times as Go's {@code time.Time} marshals them: RFC 3339, up to nine fraction digits with
 * trailing zeros dropped, the server's offset ({@code Z} on UTC). ISO_OFFSET_DATE_TIME has
 * exactly that shape; every envelope carries one, so years 0 to 9999 (all there are, in
 * practice) are written here directly, the same characters without the formatter's
 * field-by-field machinery (GoTimeTest holds the two equal).
 */
public final class GoTime {

    private GoTime() {
    }

    public static String format(Instant instant, Clock clock) {
        ZoneId zone = clock.getZone();
        ZoneOffset offset = zone instanceof ZoneOffset fixed ? fixed : zone.getRules().getOffset(instant);
        LocalDateTime time = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), offset);
        int year = time.getYear();
        if (year < 0 || year > 9999) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time.atOffset(offset));
        }
        StringBuilder text = new StringBuilder(36);
        digits(text, year, 4).append('-');
        digits(text, time.getMonthValue(), 2).append('-');
        digits(text, time.getDayOfMonth(), 2).append('T');
        digits(text, time.getHour(), 2).append(':');
        digits(text, time.getMinute(), 2).append(':');
        digits(text, time.getSecond(), 2);
        int nano = time.getNano();
        if (nano != 0) {
            int width = 9;
            while (nano % 10 == 0) {
                nano /= 10;
                width--;
            }
            digits(text.append('.'), nano, width);
        }
        // "Z", or ±hh:mm with :ss when the offset has seconds: what appendOffsetId prints.
        return text.append(offset.getId()).toString();
    }

    private static StringBuilder digits(StringBuilder text, int value, int width) {
        String number = Integer.toString(value);
        for (int i = number.length(); i < width; i++) {
            text.append('0');
        }
        return text.append(number);
    }
}
