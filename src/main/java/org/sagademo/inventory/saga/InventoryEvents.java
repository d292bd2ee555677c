package org.sagademo.inventory.saga;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Message;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends on the broker through the resource adapter, inside the caller's JTA transaction: a message
 * sent here leaves only if the database changes commit too.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class InventoryEvents {

    /** Marks an answer whose event is recorded as applied by the message with this JMS id. */
    static final String APPLIED_MESSAGE = "inventoryAppliedMessage";
    /** Artemis' duplicate detection: a second message with the same id on the address is dropped. */
    private static final String DUPLICATE_ID = "_AMQ_DUPL_ID";

    @Inject
    @JMSConnectionFactory("jms/inventoryConnectionFactory")
    JMSContext jms;

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
     * The answer to an event applied and recorded in {@code processed_events} under the id of the
     * message that carried it; the mark tells {@link InDoubtTransactions} how to resolve this send.
     */
    public void answer(OutgoingEvent answer, String json, String appliedMessageId) {
        producer(answer, appliedMessageId)
                .setProperty(APPLIED_MESSAGE, appliedMessageId)
                .send(jms.createQueue(outgoingQueue), json);
    }

    /** An event with no processed-event record behind it: a failure for an unreadable order, an expiry. */
    public void publish(OutgoingEvent event, String causeMessageId) {
        producer(event, causeMessageId).send(jms.createQueue(outgoingQueue), event.toJson());
    }

    /**
     * Properties let consumers route without parsing; the group id keeps an order's events in order.
     * The duplicate id makes the broker drop a second answer to the same message, as sent when a
     * message comes back after an in-doubt transaction was resolved and its first answer had gone out.
     */
    private JMSProducer producer(OutgoingEvent event, String causeMessageId) {
        JMSProducer producer = jms.createProducer()
                .setJMSCorrelationID(event.correlationId())
                .setProperty("JMSXGroupID", event.orderId())
                .setProperty("type", event.type().name())
                .setProperty("sessionId", event.sessionId())
                .setProperty("orderId", event.orderId());
        return causeMessageId == null ? producer : producer.setProperty(DUPLICATE_ID, "inventory-answer:" + causeMessageId);
    }

    /** Puts an incoming event back on its queue, to be delivered again after the delay. */
    public void postpone(String json, long delayMillis) {
        jms.createProducer()
                .setDeliveryDelay(delayMillis)
                .setProperty(DemoDelay.SERVED, true)
                .send(jms.createQueue(incomingQueue), json);
    }

    /** The message as received (body and properties), for an operator to inspect. */
    public void deadLetter(Message original) {
        jms.createProducer().send(jms.createQueue(deadLetterQueue), original);
    }
}
