package org.sagademo.inventory.saga;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.Message;
import org.sagademo.inventory.saga.OutcomeLog.Outcome;

/**
 * Messages that cannot be acted on: copied to the dead-letter queue as received, and the order they
 * name, if any, failed. Outside any transaction, like every send: retrying cannot make them readable.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DeadLetters {

    @EJB
    InventoryEvents events;

    @Inject
    OutcomeLog outcomes;

    public void reject(Message message, MalformedEvent malformed) {
        long start = System.nanoTime();
        events.deadLetter(message);
        malformed.replyTo().ifPresent(order ->
                events.publish(Answer.of(OutgoingEvent.failure(order, malformed.getMessage()), order.answerId())));
        outcomes.record(Outcome.unreadable(malformed), start);
    }
}
