package org.sagademo.inventory.platform;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TemporaryQueue;
import jakarta.json.Json;
import jakarta.json.JsonReaderFactory;

import java.io.StringReader;
import java.util.Optional;

/**
 * What Artemis counts of a queue: the messages that wait for a consumer (neither in delivery nor held back for later)
 * and the consumers it has, of every instance. Asked with its management messages (request and reply over plain JMS,
 * to the broker's {@code activemq.management} address), which need the broker's {@code manage} permission. A browse
 * cannot tell: it stops at the first message the broker cannot convert for a core client (README, "Bad messages"),
 * the very messages that take consumers away.
 */
public record QueueCounts(long eventsWaiting, long consumers) {

    private static final String MANAGEMENT_ADDRESS = "activemq.management";
    private static final long REPLY_WAIT_MILLIS = 2_000;
    /** Once: Json.createReader looks the provider up at every call. */
    private static final JsonReaderFactory READERS = Json.createReaderFactory(null);

    /** Empty when the broker does not say (no rights, say). */
    static Optional<QueueCounts> of(JMSContext context, String queue) {
        TemporaryQueue replies = null;
        try {
            replies = context.createTemporaryQueue();
            try (JMSConsumer answers = context.createConsumer(replies)) {
                // a request lost with the connection is asked again at the next look: not worth a round trip to persist
                JMSProducer requests = context.createProducer().setDeliveryMode(DeliveryMode.NON_PERSISTENT).setJMSReplyTo(replies);
                Queue management = context.createQueue(MANAGEMENT_ADDRESS);
                long all = attribute(context, requests, management, answers, queue, "messageCount");
                long delivering = attribute(context, requests, management, answers, queue, "deliveringCount");
                long scheduled = attribute(context, requests, management, answers, queue, "scheduledCount");
                long consumers = attribute(context, requests, management, answers, queue, "consumerCount");
                return Optional.of(new QueueCounts(all - delivering - scheduled, consumers));
            }
        } catch (JMSException | RuntimeException refused) {
            // no rights, no such queue, or an answer that is not the count: a browse stands in
            return Optional.empty();
        } finally {
            deleteQuietly(replies);
        }
    }

    private static long attribute(JMSContext context, JMSProducer requests, Queue management, JMSConsumer answers,
                                  String queue, String attribute) throws JMSException {
        Message request = context.createMessage();
        request.setStringProperty("_AMQ_ResourceName", "queue." + queue);
        request.setStringProperty("_AMQ_Attribute", attribute);
        requests.send(management, request);
        Message reply = answers.receive(REPLY_WAIT_MILLIS);
        if (reply == null || !reply.getBooleanProperty("_AMQ_OperationSucceeded")) {
            throw new JMSException("the broker did not tell the " + attribute + " of " + queue);
        }
        // the value as a JSON array of one: [42]
        return READERS.createReader(new StringReader(reply.getBody(String.class))).readArray().getJsonNumber(0).longValueExact();
    }

    private static void deleteQuietly(TemporaryQueue replies) {
        try {
            if (replies != null) {
                replies.delete();
            }
        } catch (JMSException e) {
            // goes with the connection's session; nothing else uses it
        }
    }
}
