package org.sagademo.inventory.saga;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.Message;
import org.sagademo.inventory.platform.DatabaseOutages;

import java.util.Optional;

/**
 * Messages that cannot be acted on: the order they name, if any, failed (recorded as its event, {@link
 * SagaParticipant#refuse}, before anything is sent), and the message copied to the dead-letter queue as received. The
 * answer goes first: a dead-letter queue that refuses the copy (missing, or not ours to send to) fails every delivery,
 * and the order would never hear. The sends are outside any transaction, like every send: retrying cannot make the
 * message readable.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DeadLetters {

    @EJB
    SagaParticipant participant;

    @EJB
    InventoryEvents events;

    @Inject
    OutcomeLog outcomes;

    @Inject
    DatabaseOutages outages;

    public void reject(Message message, MalformedEvent malformed, boolean redelivered) {
        long start = System.nanoTime();
        Optional<Answer> answer = malformed.replyTo().flatMap(order -> outages.waitOut(order.key(),
                () -> participant.refuse(order, malformed.getMessage(), redelivered)));
        answer.ifPresent(events::publish);
        events.deadLetter(message);
        outcomes.record(Outcome.unreadable(malformed), start);
    }
}
