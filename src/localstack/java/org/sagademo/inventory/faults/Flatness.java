package org.sagademo.inventory.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * Whether the service's vital signs stayed flat through a soak. The run is cut in two stretches by the
 * service's restart (before the kill, after the restart); in each, the first minute after the warm-up is
 * compared with the last: resident memory may grow by at most {@link #RSS_GROWTH} (or
 * {@link #RSS_SLACK_MIB}, whichever is more), the heap after a full GC by at most {@link #HEAP_GROWTH} (or
 * {@link #HEAP_SLACK_MIB}), JDBC connections not at all; every consumer must be registered in every minute
 * after the warm-up, and the queue's depth at the end must be under two seconds of orders.
 */
final class Flatness {

    static final double RSS_GROWTH = 0.10;
    static final long RSS_SLACK_MIB = 64;
    static final double HEAP_GROWTH = 0.10;
    static final long HEAP_SLACK_MIB = 16;

    /** One stretch of the run with one JVM, from its first minute after warm-up to its last. */
    private record Stretch(String name, List<VitalSigns> minutes) {
        VitalSigns first() {
            return minutes.get(0);
        }

        VitalSigns last() {
            return minutes.get(minutes.size() - 1);
        }
    }

    private final List<Stretch> stretches = new ArrayList<>();
    private final int consumers;
    private final double ordersPerSecond;

    /**
     * @param killedAfter the minute after whose checkup the service was killed and restarted
     * @param warmup      minutes each JVM gets before it is held to flatness
     */
    Flatness(List<VitalSigns> minutes, int killedAfter, int warmup, int consumers, double ordersPerSecond) {
        this.consumers = consumers;
        this.ordersPerSecond = ordersPerSecond;
        stretch("before the kill", minutes, warmup, killedAfter);
        stretch("after the restart", minutes, killedAfter + warmup, Integer.MAX_VALUE);
    }

    private void stretch(String name, List<VitalSigns> all, int from, int to) {
        List<VitalSigns> minutes = all.stream().filter(m -> m.minute() >= from && m.minute() <= to).toList();
        if (minutes.size() >= 2) {
            stretches.add(new Stretch(name, minutes));
        }
    }

    /** What did not stay flat; also when a stretch was too short to tell. */
    List<String> unmet() {
        List<String> unmet = new ArrayList<>();
        if (stretches.size() < 2) {
            unmet.add("too short to compare both stretches (" + stretches.size() + " of 2 with two minutes after warm-up)");
        }
        for (Stretch stretch : stretches) {
            grew(unmet, stretch, "RSS", VitalSigns::residentMiB, RSS_GROWTH, RSS_SLACK_MIB);
            grew(unmet, stretch, "heap after full GC", VitalSigns::heapAfterGcMiB, HEAP_GROWTH, HEAP_SLACK_MIB);
            if (stretch.last().jdbcConnections() > stretch.first().jdbcConnections() || stretch.last().jdbcConnections() < 0) {
                unmet.add("JDBC connections " + stretch.first().jdbcConnections() + " → " + stretch.last().jdbcConnections()
                        + " " + stretch.name());
            }
            stretch.minutes().stream().filter(m -> m.consumers() != consumers).forEach(m ->
                    unmet.add(m.consumers() + " consumers in minute " + m.minute() + ", not " + consumers));
        }
        if (!stretches.isEmpty()) {
            long depth = stretches.get(stretches.size() - 1).last().queueDepth();
            if (depth < 0 || depth > 2 * ordersPerSecond) {
                unmet.add("order-events depth " + depth + " in the last minute, over two seconds of orders");
            }
        }
        return unmet;
    }

    /** The growth of each stretch, for the note. */
    String note() {
        return String.join("; ", stretches.stream().map(s -> String.format(Locale.ROOT,
                "%s (minutes %d-%d): RSS %+d MiB, heap after GC %+d MiB, JDBC connections %d → %d, threads %d → %d",
                s.name(), s.first().minute(), s.last().minute(), s.last().residentMiB() - s.first().residentMiB(),
                s.last().heapAfterGcMiB() - s.first().heapAfterGcMiB(), s.first().jdbcConnections(),
                s.last().jdbcConnections(), s.first().threads(), s.last().threads())).toList());
    }

    private static void grew(List<String> unmet, Stretch stretch, String what, ToLongFunction<VitalSigns> figure,
                             double growth, long slackMiB) {
        long first = figure.applyAsLong(stretch.first());
        long last = figure.applyAsLong(stretch.last());
        long allowed = Math.max(slackMiB, (long) (first * growth));
        if (first < 0 || last < 0 || last - first > allowed) {
            unmet.add(String.format(Locale.ROOT, "%s %d → %d MiB %s (at most +%d allowed)", what, first, last,
                    stretch.name(), allowed));
        }
    }
}
