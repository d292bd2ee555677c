package org.sagademo.inventory.saga;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends on the broker through the resource adapter, never inside a database transaction: a send
 * returns once the broker has stored the message, and it happens after the change it announces has
 * committed. A send repeated after a failure carries the same duplicate id, so the broker keeps one copy.
 * An EJB for its NOT_SUPPORTED, which suspends the caller's transaction around each send: as a plain bean
 * sending inside the outbox's transaction, the expiry round's commit failed ("Cannot commit when
 * autoCommit is enabled").
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class InventoryEvents {

    /** Artemis' duplicate detection: a second message with the same id on the address is dropped. */
    private static final String DUPLICATE_ID = "_AMQ_DUPL_ID";

    /**
     * A connection and session per send, from the adapter's pool: an injected JMSContext costs a request-scoped
     * bean and its injection per call, four times the send itself in the profile; a JMSContext from the adapter
     * opens and closes a session to check the credentials before the one it sends on.
     */
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

    /** Looked up once each ({@link #destination}); a destination is not bound to the session that looked it up. */
    private final Map<String, Queue> destinations = new ConcurrentHashMap<>();

    /**
     * Properties let consumers route without parsing; the group id keeps an order's events in order.
     * The answer's id names it for good: a second send under the same id is dropped by the broker.
     */
    public void publish(Answer answer) {
        OutgoingEvent event = answer.event();
        send(outgoingQueue, (session, producer) -> {
            TextMessage message = session.createTextMessage(answer.json());
            message.setJMSCorrelationID(event.correlationId());
            message.setStringProperty("JMSXGroupID", event.orderId());
            message.setStringProperty("type", event.type().name());
            message.setStringProperty("sessionId", event.sessionId());
            message.setStringProperty("orderId", event.orderId());
            message.setStringProperty(DUPLICATE_ID, answer.id());
            producer.send(message);
        });
    }

    /**
     * Puts an incoming event back on its queue, to be delivered again after the delay. A failure before the
     * acknowledgement can leave two delayed copies; the second is a duplicate and changes nothing.
     */
    public void postpone(String json, long delayMillis) {
        send(incomingQueue, (session, producer) -> {
            TextMessage message = session.createTextMessage(json);
            message.setBooleanProperty(DemoDelay.SERVED, true);
            producer.setDeliveryDelay(delayMillis);
            producer.send(message);
        });
    }

    /**
     * The message as received (body and properties), for an operator to inspect. A received message's
     * properties are read-only, so this copy has no duplicate id: a failure between this send and the
     * acknowledgement can leave a second copy in the dead-letter queue.
     */
    public void deadLetter(Message original) {
        send(deadLetterQueue, (session, producer) -> producer.send(original));
    }

    @FunctionalInterface
    private interface Sending {
        void on(Session session, MessageProducer producer) throws JMSException;
    }

    private void send(String queue, Sending sending) {
        try (Connection connection = broker.createConnection(); Session session = connection.createSession()) {
            sending.on(session, session.createProducer(destination(session, queue)));
        } catch (JMSException e) {
            throw new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
        }
    }

    /**
     * Each queue looked up once: Artemis asks the broker whether a queue exists when a session names it and again
     * when a producer is created for a destination it has not checked, three round trips per send where the
     * destination is new.
     */
    private Queue destination(Session session, String name) throws JMSException {
        Queue queue = destinations.get(name);
        if (queue == null) {
            queue = session.createQueue(name);
            destinations.put(name, queue);
        }
        return queue;
    }
}
