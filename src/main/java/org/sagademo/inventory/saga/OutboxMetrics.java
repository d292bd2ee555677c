package org.sagademo.inventory.saga;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * The events waiting in the {@link Outbox} as a gauge: while the broker refuses sends, expiries' answers pile up there
 * and each round tries again; this says how many. Each scrape counts the rows; NaN while the database does not answer,
 * so that the other metrics are still served. A bean of its own, as {@link OutcomeMetrics} is, for servers without
 * MicroProfile Metrics.
 */
@ApplicationScoped
public class OutboxMetrics {

    @Inject
    MetricRegistry metrics;

    @EJB
    Outbox outbox;

    void registerAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        metrics.gauge(Metadata.builder().withName("inventory.outbox.events.waiting")
                .withDescription("Events written to the outbox (reservation expiries) and not sent yet, of every instance")
                .build(), this::waiting);
    }

    private double waiting() {
        try {
            return outbox.waiting();
        } catch (RuntimeException unanswered) {
            return Double.NaN;
        }
    }
}
