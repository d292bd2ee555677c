package org.sagademo.inventory.saga;

import jakarta.annotation.Resource;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.sagademo.inventory.platform.DatabaseFailuresTranslated;
import org.sagademo.inventory.platform.LoggedValue;
import org.sagademo.inventory.reservation.OverdueReservation;
import org.sagademo.inventory.reservation.ReservationOutcome.Released;
import org.sagademo.inventory.reservation.StockReservations;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Releases PENDING reservations older than their time to live (an order whose payment never came),
 * each in its own transaction with its INVENTORY_RELEASED (reason {@code expired}) written to the
 * {@link Outbox}, then sends what the outbox holds. Every instance runs this; the row lock in
 * {@link StockReservations#expire} lets exactly one release each.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@DatabaseFailuresTranslated
public class ReservationExpiry {

    private static final Logger LOG = Logger.getLogger(ReservationExpiry.class.getName());
    /** Per round, so that one round stays short; the next round takes the rest. */
    private static final int BATCH = 500;
    /**
     * Releases failing one after another: the database is away, and the round ends. A reservation that fails alone
     * (it should not exist) is passed over, so that it does not hold back every one younger than it.
     */
    private static final int FAILURES_THAT_PAUSE = 3;

    /** One round at a time here: a round slowed by an outage would otherwise have the next ones queue up behind it. */
    private final AtomicBoolean roundRunning = new AtomicBoolean();

    @Inject
    StockReservations reservations;

    @EJB
    Outbox outbox;

    @Inject
    OutcomeLog outcomes;

    @Inject
    Instance<OutboxMetrics> outboxMetrics;

    @Resource
    SessionContext context;

    @Inject
    @ConfigProperty(name = "inventory.reservation-ttl-seconds")
    long ttlSeconds;

    /**
     * Starts a round apart from the timer's delivery. Payara gives a timer up after a delivery and its retry fail, and
     * counts a delivery failed when a statement within it failed, even one the round caught and logged (GlassFish
     * #20749): a database outage across two rounds ended expiry until the next start ({@code
     * SagaIT.expiryGoesOnAfterRoundsThatFailed}; the fault suite's {@code partition} met it by chance).
     */
    @Schedule(hour = "*", minute = "*", second = "*/15", persistent = false)
    void startRound() {
        context.getBusinessObject(ReservationExpiry.class).releaseOverdue();
    }

    /**
     * A failed round is logged and the next one tries again; one that finds the last still running leaves it the work.
     * Without a transaction of its own, the round holds no connection while it releases.
     */
    @Asynchronous
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // each release and the outbox's sends have one
    public void releaseOverdue() {
        if (!roundRunning.compareAndSet(false, true)) {
            LOG.fine("expiry round skipped: the last one is still running");
            return;
        }
        try {
            expireOlderThan(reservations.expiryCutoff(Duration.ofSeconds(ttlSeconds)));
            outbox.sendWaiting();
        } catch (RuntimeException e) {
            LOG.warning(() -> "expiry round ended, the next one tries again: " + e);
        } finally {
            countWaiting();
            roundRunning.set(false);
        }
    }

    /** What the round left in the outbox, for its gauge where the server has MicroProfile Metrics. */
    private void countWaiting() {
        if (outboxMetrics.isResolvable()) {
            OptionalLong waiting;
            try {
                waiting = OptionalLong.of(outbox.waiting());
            } catch (RuntimeException unanswered) {
                waiting = OptionalLong.empty();
            }
            outboxMetrics.get().counted(waiting);
        }
    }

    private void expireOlderThan(OffsetDateTime cutoff) {
        // through the container, so that each release gets its own transaction
        ReservationExpiry self = context.getBusinessObject(ReservationExpiry.class);
        int failedInARow = 0;
        for (OverdueReservation overdue : reservations.overdue(cutoff, BATCH)) {
            try {
                self.expire(overdue, cutoff);
                failedInARow = 0;
            } catch (RuntimeException e) {
                LOG.warning(() -> "reservation sessionId=" + LoggedValue.of(overdue.sessionId()) + " orderId="
                        + LoggedValue.of(overdue.orderId()) + " not released: " + e);
                if (++failedInARow == FAILURES_THAT_PAUSE) {
                    LOG.warning("expiry paused until the next round: " + FAILURES_THAT_PAUSE + " releases failed in a row");
                    return;
                }
            }
        }
    }

    /** Releases one reservation held past its time to live and writes the event that tells the saga. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void expire(OverdueReservation overdue, OffsetDateTime cutoff) {
        long start = System.nanoTime();
        if (reservations.expire(overdue.sessionId(), overdue.orderId(), cutoff) instanceof Released released) {
            OutgoingEvent answer = OutgoingEvent.expired(overdue.sessionId(), overdue.orderId(), released);
            outbox.add(answer);
            outcomes.record(Outcome.expired(answer), start);
        }
    }
}
