package org.sagademo.inventory.saga;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
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
 * sent after that commit; should it not leave, the message comes back and gets the recorded answer.
 */
@Stateless
public class SagaParticipant {

    @PersistenceContext
    EntityManager em;

    @EJB
    StockReservations reservations;

    @EJB
    InventoryEvents events;

    @EJB
    Outbox outbox;

    @Inject
    OutcomeLog outcomes;

    @Inject
    TestHooks testHooks;

    /**
     * @param messageId the JMS message carrying the event: when it comes back after its event was applied
     *                  (its answer or acknowledgement did not make it), it gets the recorded answer again
     * @return the answer to send once this transaction has committed
     */
    public Optional<Answer> handle(SagaEvent event, String messageId) {
        long start = System.nanoTime();
        if (!recordFirstDelivery(event, messageId)) {
            Optional<Answer> recorded = recordedAnswer(event, messageId);
            outcomes.record(outcome(event, recorded.isPresent() ? "ANSWER_RESENT" : "DUPLICATE", null, false,
                    recorded.isPresent() ? "applied before by this message; its recorded answer is sent again" : "already applied"), start);
            return recorded;
        }
        ReservationOutcome outcome = apply(event);
        Optional<Answer> answer = OutgoingEvent.answering(event, outcome).map(Answer::of);
        answer.ifPresent(a -> recordAnswer(event, a.json()));
        outcomes.record(describe(event, outcome, answer), start);
        testHooks.failAfterWritesIfAsked(event);
        return answer;
    }

    /** Dead-letters a message that cannot be acted on and, if it names an order, fails that order. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void reject(Message message, MalformedEvent malformed) {
        long start = System.nanoTime();
        String messageId = messageId(message);
        events.deadLetter(message);
        Optional<MalformedEvent.ReplyTo> to = malformed.replyTo();
        to.ifPresent(order -> events.answer(Answer.of(OutgoingEvent.failure(order, malformed.getMessage())), messageId));
        outcomes.record(new Outcome(OutcomeLog.UNREADABLE, OutcomeLog.DEAD_LETTERED,
                to.map(MalformedEvent.ReplyTo::sessionId).orElse(null), to.map(MalformedEvent.ReplyTo::orderId).orElse(null),
                to.map(MalformedEvent.ReplyTo::correlationId).orElse(null), null, true,
                "message " + messageId + ": " + malformed.getMessage()), start);
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

    private boolean recordFirstDelivery(SagaEvent event, String messageId) {
        return em.createNamedQuery(ProcessedEvent.RECORD)
                .setParameter(1, event.session().value())
                .setParameter(2, event.key())
                .setParameter(3, messageId)
                .executeUpdate() == 1;
    }

    private void recordAnswer(SagaEvent event, String answerJson) {
        em.createNamedQuery(ProcessedEvent.RECORD_ANSWER)
                .setParameter(1, event.session().value())
                .setParameter(2, event.key())
                .setParameter(3, answerJson)
                .executeUpdate();
    }

    /**
     * The answer recorded when this same message applied the event: the message is here again because
     * its answer or its acknowledgement did not make it. A duplicate published as another message was
     * answered already and gets nothing.
     */
    private Optional<Answer> recordedAnswer(SagaEvent event, String messageId) {
        List<?> recorded = messageId == null ? List.of() : em.createNamedQuery(ProcessedEvent.ANSWER_TO_MESSAGE)
                .setParameter(1, event.session().value())
                .setParameter(2, event.key())
                .setParameter(3, messageId)
                .getResultList();
        return recorded.stream().map(String.class::cast).findFirst().map(Answer::recorded);
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
        return outcome(event, "UNCHANGED", null, false, "");
    }

    private static Outcome outcome(SagaEvent event, String result, String reservationChange, boolean warn, String detail) {
        return new Outcome(event.type().name(), result, event.session().value(), event.orderId(), event.correlationId(),
                reservationChange, warn, detail);
    }

    private static String messageId(Message message) {
        try {
            return message.getJMSMessageID();
        } catch (JMSException e) {
            return null;
        }
    }
}
