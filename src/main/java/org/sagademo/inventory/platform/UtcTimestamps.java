package org.sagademo.inventory.platform;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;

/**
 * How this service writes a point in time, in its events and its HTTP answers alike: ISO-8601 in UTC to the
 * millisecond ({@code 2026-12-07T17:00:00.120Z}), as JavaScript's {@code toISOString()} writes it for the original
 * service and the browser front end. One layout at every instant, whatever the JVM's time zone: a peer that parses a
 * fixed layout is not surprised by a fraction that PostgreSQL's microseconds lengthen or a whole second drops.
 */
public final class UtcTimestamps {

    private static final DateTimeFormatter TO_THE_MILLISECOND =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private UtcTimestamps() {
    }

    /** @param instant an {@link java.time.Instant} or a date-time with an offset */
    public static String format(TemporalAccessor instant) {
        return TO_THE_MILLISECOND.format(instant);
    }
}
