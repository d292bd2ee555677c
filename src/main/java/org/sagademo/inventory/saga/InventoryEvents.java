package org.sagademo.inventory.saga;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends on the broker through the resource adapter, inside the caller's JTA transaction: a message
 * sent here leaves only if the database changes commit too.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class InventoryEvents {

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

    /** Properties let consumers route without parsing; the group id keeps an order's events in order. */
    public void publish(OutgoingEvent event) {
        jms.createProducer()
                .setJMSCorrelationID(event.correlationId())
                .setProperty("JMSXGroupID", event.orderId())
                .setProperty("type", event.type().name())
                .setProperty("sessionId", event.sessionId())
                .setProperty("orderId", event.orderId())
                .send(jms.createQueue(outgoingQueue), event.toJson());
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
