package org.sagademo.inventory.support;

import java.net.URI;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sagademo.inventory.support.Eventually.eventually;

/**
 * The events the service has processed, by type and outcome, as its metrics count them
 * ({@code inventory_events_total}): each is counted once its transaction has ended, answered or not,
 * so a count that moved says the service is done with an event that leaves nothing else to see.
 */
public final class Outcomes {

    private static final String EVENTS = "inventory_events_total";

    private final PrometheusMetrics metrics;

    public Outcomes(URI service) {
        this.metrics = new PrometheusMetrics(service);
    }

    /** The count of one outcome as it stands now, e.g. ("PAYMENT_SUCCESS", "ANOMALY"). */
    public Count count(String type, String outcome) {
        Map<String, String> labels = Map.of("type", type, "outcome", outcome);
        return new Count(labels, metrics.value(EVENTS, labels));
    }

    public final class Count {
        private final Map<String, String> labels;
        private final double before;

        private Count(Map<String, String> labels, double before) {
            this.labels = labels;
            this.before = before;
        }

        /** Waits until the service has counted this many more events with the outcome. */
        public void awaitMore(int more) {
            eventually().untilAsserted(() -> {
                double counted = metrics.value(EVENTS, labels) - before;
                assertTrue(counted >= more, labels + ": " + counted + " more counted, expected " + more);
            });
        }

        /** None more counted so far (what is counted is counted as the event's transaction ends). */
        public void assertNoMore() {
            assertEquals(before, metrics.value(EVENTS, labels), labels::toString);
        }
    }
}
