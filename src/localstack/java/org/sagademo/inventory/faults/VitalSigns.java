package org.sagademo.inventory.faults;

import java.util.Locale;

/**
 * The running service as measured once: memory of its process and heap (after a full GC), its threads,
 * its connections to PostgreSQL, its consumers and backlog at the broker, and what it has answered.
 * A figure that could not be read is -1.
 */
record VitalSigns(int minute, long residentMiB, long heapAfterGcMiB, long metaspaceMiB, long threads,
                  long jdbcConnections, long consumers, long queueDepth, long answered, String remark) {

    static final String HEADER = """
            | minute | RSS MiB | heap after full GC MiB | metaspace MiB | threads | JDBC connections | consumers on order-events | order-events depth | answers so far | |
            | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |""";

    VitalSigns withRemark(String more) {
        return new VitalSigns(minute, residentMiB, heapAfterGcMiB, metaspaceMiB, threads, jdbcConnections, consumers,
                queueDepth, answered, remark.isEmpty() ? more : remark + "; " + more);
    }

    String markdown() {
        return String.format(Locale.ROOT, "| %d | %d | %d | %d | %d | %d | %d | %d | %d | %s |", minute, residentMiB,
                heapAfterGcMiB, metaspaceMiB, threads, jdbcConnections, consumers, queueDepth, answered, remark);
    }
}
