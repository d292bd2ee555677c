package org.sagademo.inventory.saga;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.sagademo.inventory.saga.Outcome.Result;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One log line and the metrics for each event, written when its transaction has ended, so that
 * they count what committed: a rolled-back delivery is logged as such and counted apart (but for one that rolls
 * back on purpose: {@link #recordAsIs}).
 * Log lines are {@code key=value} pairs; anomalies and rollbacks are at WARNING.
 */
@ApplicationScoped
public class OutcomeLog {

    private static final Logger LOG = Logger.getLogger(OutcomeLog.class.getName());

    @Resource
    TransactionSynchronizationRegistry transactions;

    /** Unresolvable where the server has no MicroProfile Metrics. */
    @Inject
    Instance<OutcomeMetrics> metrics;

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

    /**
     * Records the outcome now, as it is, whatever becomes of the current transaction: for a delivery that rolls back
     * on purpose ({@link AnswerMayBeInFlight}), which is no failure.
     */
    void recordAsIs(Outcome outcome, long startNanos) {
        record(outcome, true, Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private void record(Outcome outcome, boolean committed, Duration took) {
        Result result = committed ? outcome.result() : Result.ROLLED_BACK;
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
