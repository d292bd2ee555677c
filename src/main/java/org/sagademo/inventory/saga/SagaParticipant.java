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

    public void handle(SagaEvent event) {
        if (!recordFirstDelivery(event)) {
            log(Level.INFO, event, "DUPLICATE", "already applied; nothing changed");
            return;
        }
        ReservationOutcome outcome = apply(event);
        Optional<OutgoingEvent> answer = OutgoingEvent.answering(event, outcome);
        answer.ifPresent(events::publish);
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

    private boolean recordFirstDelivery(SagaEvent event) {
        return em.createNamedQuery(ProcessedEvent.RECORD)
                .setParameter(1, event.session().value())
                .setParameter(2, event.key())
                .executeUpdate() == 1;
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
