package org.sagademo.inventory.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One scenario's figures; everything but sent, outcomes and note must be zero, and every check the
 * scenario makes beyond them (readiness, consumers) must hold: those that did not are listed as unmet.
 */
record FaultRow(String scenario, long sent, long outcomes, long lost, long duplicated, long oversold,
                long invariantViolations, long http5xx, String note, List<String> unmet) {

    static final String HEADER = """
            | scenario | sent | outcome events | lost | duplicated | oversold | invariant violations | HTTP 5xx | note |
            | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |""";

    FaultRow(String scenario, long sent, long outcomes, long lost, long duplicated, long oversold,
             long invariantViolations, long http5xx, String note) {
        this(scenario, sent, outcomes, lost, duplicated, oversold, invariantViolations, http5xx, note, List.of());
    }

    /** The same figures, with more said and more checks that did not hold, beside those the row had. */
    FaultRow with(String more, List<String> unmetChecks) {
        List<String> all = new ArrayList<>(unmet);
        all.addAll(unmetChecks);
        return new FaultRow(scenario, sent, outcomes, lost, duplicated, oversold, invariantViolations, http5xx,
                note.isEmpty() ? more : note + ", " + more, all);
    }

    /** The same figures, with one more check that did not hold. */
    FaultRow failing(String check) {
        List<String> all = new ArrayList<>(unmet);
        all.add(check);
        return new FaultRow(scenario, sent, outcomes, lost, duplicated, oversold, invariantViolations, http5xx, note, all);
    }

    boolean clean() {
        return lost == 0 && duplicated == 0 && oversold == 0 && invariantViolations == 0 && http5xx == 0 && unmet.isEmpty();
    }

    String markdown() {
        String remarks = unmet.isEmpty() ? note : (note.isEmpty() ? "" : note + "; ") + "UNMET: " + String.join("; ", unmet);
        return String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %d | %s |", scenario, sent, outcomes,
                lost, duplicated, oversold, invariantViolations, http5xx, remarks);
    }
}
