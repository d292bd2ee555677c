package org.sagademo.inventory.saga;

import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.sagademo.inventory.reservation.OverdueReservation;
import org.sagademo.inventory.reservation.StockReservations;

import java.time.OffsetDateTime;
import java.util.logging.Logger;

/**
 * Releases PENDING reservations older than their time to live (an order whose payment never came),
 * each in its own transaction with its INVENTORY_RELEASED (reason {@code expired}) written to the
 * {@link Outbox}, then sends what the outbox holds. Every instance runs this; the row lock in
 * {@link StockReservations#expire} lets exactly one release each.
 */
@Singleton
public class ReservationExpiry {

    private static final Logger LOG = Logger.getLogger(ReservationExpiry.class.getName());
    /** Per round, so that one round stays short; the next round takes the rest. */
    private static final int BATCH = 500;

    @EJB
    StockReservations reservations;

    @EJB
    SagaParticipant participant;

    @EJB
    Outbox outbox;

    @Inject
    @ConfigProperty(name = "inventory.reservation-ttl-seconds")
    long ttlSeconds;

    @Schedule(hour = "*", minute = "*", second = "*/15", persistent = false)
    void releaseOverdue() {
        OffsetDateTime cutoff = OffsetDateTime.now().minusSeconds(ttlSeconds);
        for (OverdueReservation overdue : reservations.overdue(cutoff, BATCH)) {
            try {
                participant.expire(overdue, cutoff);
            } catch (RuntimeException e) {
                LOG.warning(() -> "expiry paused until the next round: " + overdue + " not released: " + e);
                break;
            }
        }
        outbox.sendWaiting();
    }
}
