package org.sagademo.inventory.saga;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

import java.util.OptionalLong;

/**
 * The events waiting in the {@link Outbox} as a gauge: while the broker refuses sends, expiries' answers pile up there
 * and each round tries again. The rounds count them ({@link ReservationExpiry}), so that a scrape never waits for the
 * database; NaN before the first count and while the database does not answer. A bean of its own, as
 * {@link OutcomeMetrics} is, for servers without MicroProfile Metrics.
 */
@ApplicationScoped
public class OutboxMetrics {

    @Inject
    MetricRegistry metrics;

    private volatile double waiting = Double.NaN;

    void registerAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        metrics.gauge(Metadata.builder().withName("inventory.outbox.events.waiting")
                .withDescription("Events written to the outbox (reservation expiries) and not sent yet, as the last round"
                        + " counted them in the shared table")
                .build(), () -> waiting);
    }

    void counted(OptionalLong waitingNow) {
        waiting = waitingNow.isPresent() ? waitingNow.getAsLong() : Double.NaN;
    }
}
