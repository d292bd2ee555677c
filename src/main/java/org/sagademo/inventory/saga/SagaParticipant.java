package org.sagademo.inventory.saga;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.sagademo.inventory.reservation.OverdueReservation;
import org.sagademo.inventory.reservation.ReservationOutcome;
import org.sagademo.inventory.reservation.ReservationOutcome.Anomaly;
import org.sagademo.inventory.reservation.ReservationOutcome.Confirmed;
import org.sagademo.inventory.reservation.ReservationOutcome.Refused;
import org.sagademo.inventory.reservation.ReservationOutcome.Released;
import org.sagademo.inventory.reservation.ReservationOutcome.Reserved;
import org.sagademo.inventory.reservation.StockReservations;
import org.sagademo.inventory.saga.OutcomeLog.Outcome;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Applies each incoming event once, in one database transaction: the processed-event record, the
 * reservation and stock changes and the answer to send commit or roll back together. The answer is
 * sent after that commit; should it not leave, the event comes back and gets the recorded answer, under
 * the recorded id. Nothing here depends on the transport's message id, which AMQP peers often leave out.
 */
@Stateless
public class SagaParticipant {

    @PersistenceContext
    EntityManager em;

    @EJB
    StockReservations reservations;

    @EJB
    Outbox outbox;

    @Inject
    OutcomeLog outcomes;

    @Inject
    TestHooks testHooks;

    /**
     * @param redelivered whether the broker delivered this message before
     * @return the answer to send once this transaction has committed. For an event applied before it is the
     * recorded answer: the first copy may never have left (a failure between the commit and the send), and if
     * it did, the broker drops this one, which carries the same duplicate id.
     * @throws AnswerMayBeInFlight for an event applied before, with an answer, on its message's first delivery
     */
    public Optional<Answer> handle(SagaEvent event, boolean redelivered) {
        long start = System.nanoTime();
        if (!recordFirstDelivery(event)) {
            Optional<Answer> recorded = recordedAnswer(event);
            if (recorded.isPresent() && !redelivered) {
                outcomes.record(outcome(event, "DUPLICATE", null, false,
                        "already applied; returned to the broker until the first answer has surely left"), start);
                throw new AnswerMayBeInFlight(event);
            }
            outcomes.record(outcome(event, "DUPLICATE", null, false, recorded.isPresent()
                    ? "already applied; its recorded answer goes again under its first id" : "already applied"), start);
            return recorded;
        }
        ReservationOutcome outcome = apply(event);
        Optional<Answer> answer = OutgoingEvent.answering(event, outcome).map(Answer::of);
        answer.ifPresent(a -> recordAnswer(event, a));
        outcomes.record(describe(event, outcome, answer), start);
        testHooks.failAfterWritesIfAsked(event);
        return answer;
    }

    /** Releases a reservation held past its time to live, in a transaction of its own, and tells the saga. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void expire(OverdueReservation overdue, OffsetDateTime cutoff) {
        long start = System.nanoTime();
        if (reservations.expire(overdue.sessionId(), overdue.orderId(), cutoff) instanceof Released released) {
            OutgoingEvent answer = OutgoingEvent.expired(overdue.sessionId(), overdue.orderId(), released);
            outbox.add(Answer.of(answer));
            outcomes.record(new Outcome(OutcomeLog.RESERVATION_TTL, answer.type().name(), overdue.sessionId(),
                    overdue.orderId(), answer.correlationId(), "expired", false, "held past its time to live"), start);
        }
    }

    private boolean recordFirstDelivery(SagaEvent event) {
        return em.createNamedQuery(ProcessedEvent.RECORD)
                .setParameter(1, event.session().value())
                .setParameter(2, event.key())
                .executeUpdate() == 1;
    }

    private void recordAnswer(SagaEvent event, Answer answer) {
        em.createNamedQuery(ProcessedEvent.RECORD_ANSWER)
                .setParameter(1, event.session().value())
                .setParameter(2, event.key())
                .setParameter(3, answer.json())
                .setParameter(4, answer.id())
                .executeUpdate();
    }

    private Optional<Answer> recordedAnswer(SagaEvent event) {
        @SuppressWarnings("unchecked")
        List<Object[]> recorded = em.createNamedQuery(ProcessedEvent.RECORDED_ANSWER)
                .setParameter(1, event.session().value())
                .setParameter(2, event.key())
                .getResultList();
        return recorded.stream().findFirst().map(row -> Answer.recorded((String) row[0], (String) row[1]));
    }

    /** One dispatch on the event type; the reservation rules live in {@link StockReservations}. */
    private ReservationOutcome apply(SagaEvent event) {
        String session = event.session().value();
        return switch (event.type()) {
            case ORDER_CREATED -> simulatedFailure(event)
                    .orElseGet(() -> reservations.reserve(session, event.orderId(), event.items()));
            case PAYMENT_SUCCESS -> reservations.confirm(session, event.orderId());
            case PAYMENT_FAILED -> reservations.release(session, event.orderId(),
                    "Payment failed: " + event.orderText("reason").orElse("no reason given"));
            case ORDER_CANCELLED -> reservations.release(session, event.orderId(), "Order cancelled");
            default -> throw new IllegalArgumentException(event.type() + " is not an incoming event");
        };
    }

    /** The demo's inventoryBehaviour: "failure" always, "random" half the time. */
    private static Optional<ReservationOutcome> simulatedFailure(SagaEvent event) {
        String behaviour = event.orderText("inventoryBehaviour").orElse("success");
        boolean fail = "failure".equals(behaviour)
                || ("random".equals(behaviour) && ThreadLocalRandom.current().nextBoolean());
        return fail ? Optional.of(new Refused("Simulated inventory failure (inventoryBehaviour: " + behaviour + ")"))
                : Optional.empty();
    }

    private static Outcome describe(SagaEvent event, ReservationOutcome outcome, Optional<Answer> answer) {
        if (outcome instanceof Reserved) {
            return outcome(event, answer.orElseThrow().event().type().name(), "created", false, "");
        } else if (outcome instanceof Released) {
            return outcome(event, answer.orElseThrow().event().type().name(), "released", false, "");
        } else if (outcome instanceof Refused refused) {
            return outcome(event, answer.orElseThrow().event().type().name(), null, false, refused.reason());
        } else if (outcome instanceof Confirmed) {
            return outcome(event, "CONFIRMED", "confirmed", false, "");
        } else if (outcome instanceof Anomaly anomaly) {
            return outcome(event, "ANOMALY", null, true, anomaly.description());
        }
        throw new IllegalStateException(outcome + " comes from expiry, never from an event");
    }

    private static Outcome outcome(SagaEvent event, String result, String reservationChange, boolean warn, String detail) {
        return new Outcome(event.type().name(), result, event.session().value(), event.orderId(), event.correlationId(),
                reservationChange, warn, detail);
    }
}
