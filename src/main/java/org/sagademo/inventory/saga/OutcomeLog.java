package org.sagademo.inventory.saga;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One log line and the metrics for each event, written when its transaction has ended, so that
 * they count what committed: a rolled-back delivery is logged as such and counted apart.
 * Log lines are {@code key=value} pairs; anomalies and rollbacks are at WARNING.
 */
@ApplicationScoped
public class OutcomeLog {

    static final String DEAD_LETTERED = "DEAD_LETTERED";
    /** The "event" of a message that could not be read. */
    static final String UNREADABLE = "UNREADABLE";
    /** The "event" of a reservation held past its time to live. */
    static final String RESERVATION_TTL = "RESERVATION_TTL";

    private static final Logger LOG = Logger.getLogger(OutcomeLog.class.getName());

    @Resource
    TransactionSynchronizationRegistry transactions;

    /** Unresolvable where the server has no MicroProfile Metrics. */
    @Inject
    Instance<OutcomeMetrics> metrics;

    /**
     * What happened to an event (or to a reservation, for expiry): {@code outcome} is the answer's type or
     * what happened instead; {@code reservationChange} is created/confirmed/released/expired, or null.
     */
    record Outcome(String event, String outcome, String sessionId, String orderId, String correlationId,
                   String reservationChange, boolean anomaly, String detail) {

        static Outcome of(SagaEvent event, String outcome, String reservationChange, boolean anomaly, String detail) {
            return of(event.identity(), outcome, reservationChange, anomaly, detail);
        }

        /** For an event known by its identity alone, whether this copy of it could be read or not. */
        static Outcome of(EventIdentity event, String outcome, String reservationChange, boolean anomaly, String detail) {
            return new Outcome(event.type().name(), outcome, event.sessionId(), event.orderId(), event.correlationId(),
                    reservationChange, anomaly, detail);
        }

        /** A message that could not be read, addressed as far as it could be. */
        static Outcome unreadable(MalformedEvent malformed) {
            Optional<EventIdentity> to = malformed.replyTo();
            return new Outcome(UNREADABLE, DEAD_LETTERED, to.map(EventIdentity::sessionId).orElse(null),
                    to.map(EventIdentity::orderId).orElse(null), to.map(EventIdentity::correlationId).orElse(null),
                    null, true, malformed.getMessage());
        }

        /** A reservation released because it was held past its time to live, and the answer that tells the saga. */
        static Outcome expired(OutgoingEvent answer) {
            return new Outcome(RESERVATION_TTL, answer.type().name(), answer.sessionId(), answer.orderId(),
                    answer.correlationId(), "expired", false, "held past its time to live");
        }
    }

    /** Records the outcome of the work of the current transaction once it ends, or now if there is none. */
    void record(Outcome outcome, long startNanos) {
        if (transactions.getTransactionKey() == null) {
            record(outcome, true, Duration.ofNanos(System.nanoTime() - startNanos));
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                record(outcome, status == Status.STATUS_COMMITTED, Duration.ofNanos(System.nanoTime() - startNanos));
            }
        });
    }

    private void record(Outcome outcome, boolean committed, Duration took) {
        String result = committed ? outcome.outcome() : "ROLLED_BACK";
        Level level = outcome.anomaly() || !committed ? Level.WARNING : Level.INFO;
        // concatenated, not String.format: this runs for every event
        LOG.log(level, () -> "event=" + outcome.event() + " outcome=" + result + " sessionId=" + outcome.sessionId()
                + " orderId=" + outcome.orderId() + " correlationId=" + outcome.correlationId() + " ms=" + took.toMillis()
                + (committed ? detail(outcome.detail()) : " detail=\"rolled back; it is tried again\""));
        if (metrics.isResolvable()) {
            metrics.get().count(outcome, result, committed, took);
        }
    }

    private static String detail(String detail) {
        return detail == null || detail.isEmpty() ? "" : " detail=\"" + detail.replace("\"", "'") + "\"";
    }
}
