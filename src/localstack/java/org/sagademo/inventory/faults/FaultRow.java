package org.sagademo.inventory.faults;

import java.util.Locale;

/** One scenario's figures; everything but sent, outcomes and note must be zero. */
record FaultRow(String scenario, long sent, long outcomes, long lost, long duplicated, long oversold,
                long invariantViolations, long http5xx, String note) {

    static final String HEADER = """
            | scenario | sent | outcome events | lost | duplicated | oversold | invariant violations | HTTP 5xx | note |
            | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |""";

    boolean clean() {
        return lost == 0 && duplicated == 0 && oversold == 0 && invariantViolations == 0 && http5xx == 0;
    }

    String markdown() {
        return String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %d | %s |", scenario, sent, outcomes,
                lost, duplicated, oversold, invariantViolations, http5xx, note);
    }
}
