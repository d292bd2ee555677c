package org.sagademo.inventory.saga;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.sagademo.inventory.reservation.ReservationOutcome;
import org.sagademo.inventory.reservation.ReservationOutcome.Anomaly;
import org.sagademo.inventory.reservation.ReservationOutcome.Refused;
import org.sagademo.inventory.reservation.StockReservations;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Applies each incoming event once, in the transaction of its delivery: the processed-event record,
 * the reservation and stock changes and the outgoing event commit or roll back together.
 */
@Stateless
public class SagaParticipant {

    private static final Logger LOG = Logger.getLogger(SagaParticipant.class.getName());

    @PersistenceContext
    EntityManager em;

    @Inject
    StockReservations reservations;

    @Inject
    InventoryEvents events;

    @Inject
    @ConfigProperty(name = "inventory.test-hooks")
    boolean testHooks;

    /** @param messageId the JMS message carrying the event: its redelivery after a lost answer gets it again */
    public void handle(SagaEvent event, String messageId) {
        if (!recordFirstDelivery(event, messageId)) {
            answerAgainIfLost(event, messageId);
            return;
        }
        ReservationOutcome outcome = apply(event);
        Optional<OutgoingEvent> answer = OutgoingEvent.answering(event, outcome);
        answer.ifPresent(a -> {
            events.publish(a);
            recordAnswer(event, a);
        });
        if (outcome instanceof Anomaly anomaly) {
            log(Level.WARNING, event, "ANOMALY", anomaly.description());
        } else {
            log(Level.FINE, event, answer.map(a -> a.type().name()).orElse("CONFIRMED"), "");
        }
        failAfterWritesIfAsked(event);
    }

    /** Dead-letters a message that cannot be acted on and, if it names an order, fails that order. */
    public void reject(Message message, MalformedEvent malformed) {
        LOG.warning(() -> "dead-lettering message " + messageId(message) + ": " + malformed.getMessage());
        events.deadLetter(message);
        malformed.replyTo().ifPresent(to -> events.publish(OutgoingEvent.failure(to, malformed.getMessage())));
    }

    private boolean recordFirstDelivery(SagaEvent event, String messageId) {
        return em.createNamedQuery(ProcessedEvent.RECORD)
                .setParameter(1, event.session().value())
                .setParameter(2, event.key())
                .setParameter(3, messageId)
                .executeUpdate() == 1;
    }

    private void recordAnswer(SagaEvent event, OutgoingEvent answer) {
        em.createNamedQuery(ProcessedEvent.RECORD_ANSWER)
                .setParameter(1, event.session().value())
                .setParameter(2, event.key())
                .setParameter(3, answer.toJson())
                .executeUpdate();
    }

    /**
     * The message that applied this event is here again: its database branch committed but its broker
     * branch (the acknowledgement and the answer) was rolled back, so the answer never left. A duplicate
     * published as another message was answered already and gets nothing.
     */
    private void answerAgainIfLost(SagaEvent event, String messageId) {
        List<?> lost = messageId == null ? List.of() : em.createNamedQuery(ProcessedEvent.ANSWER_TO_MESSAGE)
                .setParameter(1, event.session().value())
                .setParameter(2, event.key())
                .setParameter(3, messageId)
                .getResultList();
        if (lost.isEmpty()) {
            log(Level.INFO, event, "DUPLICATE", "already applied; nothing changed");
        } else {
            events.publish(OutgoingEvent.fromJson((String) lost.get(0)));
            log(Level.WARNING, event, "ANSWER_RESENT", "applied before, but its answer was rolled back; sent again");
        }
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

    /** Test hook: proves that a failure after every write leaves nothing behind. */
    private void failAfterWritesIfAsked(SagaEvent event) {
        if (testHooks && event.orderText("inventoryBehaviour").filter("crash-after-write"::equals).isPresent()) {
            throw new IllegalStateException("test hook: failing " + event.key() + " after its writes");
        }
    }

    private static void log(Level level, SagaEvent event, String outcome, String detail) {
        LOG.log(level, () -> String.format("event=%s outcome=%s sessionId=%s orderId=%s correlationId=%s %s",
                event.type(), outcome, event.session(), event.orderId(), event.correlationId(), detail).trim());
    }

    private static String messageId(Message message) {
        try {
            return message.getJMSMessageID();
        } catch (JMSException e) {
            return "(no id)";
        }
    }
}
