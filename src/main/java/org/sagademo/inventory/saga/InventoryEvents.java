package org.sagademo.inventory.saga;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.sagademo.inventory.platform.LoggedValue;

import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends on the broker through the resource adapter, never inside a database transaction: a send
 * returns once the broker has stored the message, and it happens after the change it announces has
 * committed. An answer sent again (after a failure, or from its record) carries the same duplicate id, so the broker keeps
 * one copy; an order put back for the demo delay and a dead-lettered copy carry none.
 * An EJB, so that the container calls an instance from one thread at a time (its kept session needs that), and
 * NOT_SUPPORTED, so that a send never joins a caller's transaction: its callers send after their commits.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class InventoryEvents {

    /** Artemis' duplicate detection: a second message with the same id on the address is dropped. */
    private static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    private static final long NO_DELAY = 0;

    private static final Logger LOG = Logger.getLogger(InventoryEvents.class.getName());

    @Resource(lookup = "jms/inventoryConnectionFactory")
    ConnectionFactory broker;

    @Inject
    @ConfigProperty(name = "inventory.outgoing-queue")
    String outgoingQueue;

    @Inject
    @ConfigProperty(name = "inventory.incoming-queue")
    String incomingQueue;

    @Inject
    @ConfigProperty(name = "inventory.dead-letter-queue")
    String deadLetterQueue;

    /**
     * This instance's session on the broker, kept from send to send (the container calls an instance from one thread
     * at a time): one from the adapter's pool per send cost a tenth of an event's CPU (bench/README.md). Opened at the
     * first send, replaced after a failure, closed when the container discards the instance.
     */
    private JMSContext context;

    /**
     * Looked up once each: Artemis asks the broker whether a queue exists when a session names it. A destination is
     * not bound to the session that looked it up, so a new session uses them too.
     */
    private final Map<String, Queue> destinations = new HashMap<>();

    /**
     * Properties let consumers route without parsing; the group id keeps an order's events in order.
     * The answer's id names it for good: a second send under the same id is dropped by the broker. The event's log line,
     * written at its commit, says it was answered: one that does not leave is logged here, and the caller sends it
     * again later (the incoming message's next delivery, the outbox's next round).
     */
    public void publish(Answer answer) {
        OutgoingEvent event = answer.event();
        try {
            send(outgoingQueue, NO_DELAY, context -> compose(context, answer));
        } catch (RuntimeException unsent) {
            LOG.warning(() -> event.type() + " to sessionId=" + LoggedValue.of(event.sessionId()) + " orderId="
                    + LoggedValue.of(event.orderId()) + " not sent, to be sent again: " + unsent);
            throw unsent;
        }
    }

    private static Message compose(JMSContext context, Answer answer) throws JMSException {
        OutgoingEvent event = answer.event();
        TextMessage message = context.createTextMessage(answer.json());
        message.setJMSCorrelationID(headerValue(event.correlationId()));
        message.setStringProperty("JMSXGroupID", headerValue(event.orderId()));
        message.setStringProperty("type", event.type().name());
        message.setStringProperty("sessionId", headerValue(event.sessionId()));
        message.setStringProperty("orderId", headerValue(event.orderId()));
        message.setStringProperty(DUPLICATE_ID, answer.id());
        return message;
    }

    /**
     * A peer's id as a header carries it: a control character as U+FFFD. A STOMP 1.0 consumer reads headers as Artemis
     * writes them, unescaped, and a line break in an id would add a header of the peer's choosing. The body keeps the id
     * as sent (JSON escapes it).
     */
    private static String headerValue(String id) {
        if (id.chars().noneMatch(Character::isISOControl)) {
            return id;
        }
        StringBuilder safe = new StringBuilder(id.length());
        id.chars().forEach(c -> safe.append(Character.isISOControl(c) ? '\uFFFD' : (char) c));
        return safe.toString();
    }

    /**
     * Puts an incoming event back on its queue, to be delivered again after the delay. A failure before the
     * acknowledgement can leave two delayed copies; the second is a duplicate and changes nothing.
     */
    public void postpone(String json, long delayMillis) {
        send(incomingQueue, delayMillis, context -> {
            TextMessage message = context.createTextMessage(json);
            message.setBooleanProperty(DemoDelay.SERVED, true);
            return message;
        });
    }

    /**
     * The message as received (body and properties), for an operator to inspect. A received message's
     * properties are read-only, so this copy has no duplicate id: a failure between this send and the
     * acknowledgement can leave a second copy in the dead-letter queue.
     */
    public void deadLetter(Message original) {
        send(deadLetterQueue, NO_DELAY, context -> original);
    }

    @FunctionalInterface
    private interface Composing {
        Message message(JMSContext context) throws JMSException;
    }

    /**
     * A session kept from an earlier send may have gone stale (the broker restarted, the connection broke): a send
     * refused by a closed session is tried once more on a new one, so that a closed session costs an event no delivery
     * attempt. Any other failure goes to the caller, and so does one on a new session or of an interrupted thread: a
     * send that timed out, or lost its connection or was interrupted while it waited, may still reach the broker (a
     * link that held it heals), and a second send under its duplicate id on another connection at that moment could
     * pass as well (decision 10).
     */
    private void send(String queue, long delayMillis, Composing composing) {
        boolean kept = context != null;
        try {
            sendOnce(queue, delayMillis, composing);
        } catch (JMSRuntimeException failed) {
            closeContext();
            if (!kept || !(failed instanceof IllegalStateRuntimeException) || Thread.currentThread().isInterrupted()) {
                throw failed;
            }
            LOG.log(Level.FINE, "send refused by a kept session; again on a new one", failed);
            send(queue, delayMillis, composing);
        }
    }

    private void sendOnce(String queue, long delayMillis, Composing composing) {
        if (context == null) {
            context = broker.createContext();
        }
        try {
            // the context's one producer keeps its delay from send to send: every send sets its own
            context.createProducer().setDeliveryDelay(delayMillis).send(destination(queue), composing.message(context));
        } catch (JMSException e) {
            throw new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
        }
    }

    private Queue destination(String name) {
        return destinations.computeIfAbsent(name, context::createQueue);
    }

    @PreDestroy
    void closeContext() {
        if (context != null) {
            try {
                context.close();
            } catch (JMSRuntimeException alreadyBroken) {
                LOG.log(Level.FINE, "closing a broken session", alreadyBroken);
            }
            context = null;
        }
    }
}
