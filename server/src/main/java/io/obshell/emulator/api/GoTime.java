package io.obshell.emulator.api;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Times as Go's {@code time.Time} marshals them: RFC 3339, up to nine fraction digits with
 * trailing zeros dropped, the server's offset ({@code Z} on UTC). ISO_OFFSET_DATE_TIME has
 * exactly that shape.
 */
public final class GoTime {

    private GoTime() {
    }

    public static String format(Instant instant, Clock clock) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(clock.getZone()).toOffsetDateTime());
    }
}
