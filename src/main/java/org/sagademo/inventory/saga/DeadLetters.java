package org.sagademo.inventory.saga;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.Message;
import org.sagademo.inventory.saga.OutcomeLog.Outcome;

import java.util.Optional;

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
        Optional<MalformedEvent.ReplyTo> to = malformed.replyTo();
        to.ifPresent(order -> events.publish(Answer.of(OutgoingEvent.failure(order, malformed.getMessage()), order.answerId())));
        outcomes.record(new Outcome(OutcomeLog.UNREADABLE, OutcomeLog.DEAD_LETTERED,
                to.map(MalformedEvent.ReplyTo::sessionId).orElse(null), to.map(MalformedEvent.ReplyTo::orderId).orElse(null),
                to.map(MalformedEvent.ReplyTo::correlationId).orElse(null), null, true,
                malformed.getMessage()), start);
    }
}
