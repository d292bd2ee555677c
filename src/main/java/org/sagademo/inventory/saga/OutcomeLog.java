package org.sagademo.inventory.saga;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.sagademo.inventory.platform.LoggedValue;
import org.sagademo.inventory.saga.Outcome.Result;

import java.time.Duration;
import java.util.function.Supplier;
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
        whenEnded(() -> outcome, startNanos);
    }

    /**
     * Records the outcome of work about to begin in the current transaction (there must be one), once that ends: the
     * outcome {@link Pending#is} told by then, or, if the work failed before it could tell (a statement past its
     * timeout, stock that changed meanwhile), the event's rollback, still logged and counted under the event.
     */
    Pending pending(SagaEvent event, long startNanos) {
        Pending pending = new Pending(Outcome.of(event, Result.ROLLED_BACK, null, ""));
        whenEnded(pending::outcome, startNanos);
        return pending;
    }

    /** What came of the work, once it is known. */
    static final class Pending {

        private volatile Outcome outcome;

        private Pending(Outcome untilKnown) {
            this.outcome = untilKnown;
        }

        void is(Outcome known) {
            outcome = known;
        }

        private Outcome outcome() {
            return outcome;
        }
    }

    private void whenEnded(Supplier<Outcome> outcome, long startNanos) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                record(outcome.get(), status == Status.STATUS_COMMITTED, Duration.ofNanos(System.nanoTime() - startNanos));
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
        LOG.log(level, () -> line(outcome, result, committed, took));
        if (metrics.isResolvable()) {
            metrics.get().count(outcome, result, committed, took);
        }
    }

    /** The line, concatenated rather than formatted: this runs for every event. */
    static String line(Outcome outcome, Result result, boolean committed, Duration took) {
        String detail = committed ? outcome.detail() : "rolled back; it is tried again";
        return "event=" + LoggedValue.of(outcome.event()) + " outcome=" + result + " sessionId=" + LoggedValue.of(outcome.sessionId())
                + " orderId=" + LoggedValue.of(outcome.orderId()) + " correlationId=" + LoggedValue.of(outcome.correlationId())
                + " ms=" + took.toMillis() + (detail == null || detail.isEmpty() ? "" : " detail=" + LoggedValue.quoted(detail));
    }
}
