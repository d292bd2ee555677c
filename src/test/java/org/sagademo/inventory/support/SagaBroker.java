package org.sagademo.inventory.support;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.sagademo.inventory.localstack.EmbeddedBroker;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sagademo.inventory.support.Eventually.eventually;

/**
 * The other saga services, as the tests play them: they publish order events and read ours, over the
 * broker's core protocol as a Java peer would, or over AMQP 1.0 as most other peers do.
 */
public final class SagaBroker implements AutoCloseable {

    public static final String INCOMING = "order-events";
    public static final String OUTGOING = "inventory-events";
    public static final String DEAD_LETTERS = "DLQ";
    /** Where the broker answers questions about its queues (core protocol only). */
    private static final String MANAGEMENT = "activemq.management";

    private final Connection connection;
    private final Session session;

    /** A peer on the core protocol. */
    public SagaBroker() {
        this(new ActiveMQConnectionFactory(
                "tcp://127.0.0.1:" + Integer.getInteger("it.broker.port"), EmbeddedBroker.USER, EmbeddedBroker.PASSWORD));
    }

    /** A peer on AMQP 1.0 (Qpid JMS): text goes as an amqp-value string, bytes as a data section. */
    public static SagaBroker overAmqp() {
        return new SagaBroker(new JmsConnectionFactory(EmbeddedBroker.USER, EmbeddedBroker.PASSWORD,
                "amqp://127.0.0.1:" + Integer.getInteger("it.broker.port")));
    }

    private SagaBroker(ConnectionFactory factory) {
        try {
            connection = factory.createConnection();
            connection.start();
            session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    public void publish(String json) {
        publish(INCOMING, session -> text(session, json));
    }

    /** Sends any message the test builds (bytes, maps, odd properties) to a queue. */
    public void publish(String queue, MessageFactory factory) {
        send(queue, factory, true);
    }

    /** Sends as the original saga's services and many AMQP clients do: with no message id at all. */
    public void publishWithoutMessageId(String queue, MessageFactory factory) {
        send(queue, factory, false);
    }

    private void send(String queue, MessageFactory factory, boolean withMessageId) {
        try (MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            producer.setDisableMessageID(!withMessageId);
            producer.send(factory.create(session));
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Our outgoing events for one session, waiting up to the timeout for each. */
    public List<Received> receive(String sessionId, int count, long timeoutMillis) {
        return receive(OUTGOING, "sessionId = '" + sessionId + "'", count, timeoutMillis);
    }

    public List<Received> receive(String queue, String selector, int count, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        return consume(queue, selector, count, consumer -> {
            long left = deadline - System.currentTimeMillis();
            return left > 0 ? consumer.receive(left) : null;
        });
    }

    /** Our outgoing events for one session that are on the queue now. */
    public List<Received> receiveNow(String sessionId) {
        return receiveNow(OUTGOING, "sessionId = '" + sessionId + "'");
    }

    /** What is on the queue now: each receive asks the broker, none waits for more to come. */
    public List<Received> receiveNow(String queue, String selector) {
        return consume(queue, selector, Integer.MAX_VALUE, MessageConsumer::receiveNoWait);
    }

    /** Up to {@code count} messages, taken one by one until {@code next} finds none. */
    private List<Received> consume(String queue, String selector, int count, Next next) {
        List<Received> received = new ArrayList<>();
        try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue), selector)) {
            while (received.size() < count) {
                Message message = next.from(consumer);
                if (message == null) {
                    break;
                }
                received.add(Received.of(message));
            }
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
        return received;
    }

    @FunctionalInterface
    private interface Next {
        Message from(MessageConsumer consumer) throws JMSException;
    }

    /**
     * Waits until the service has finished with every message sent to it: it acknowledges a message only
     * after sending what it answers, so anything it was going to send for them is on the outgoing queue.
     */
    public static void awaitIncomingHandled() {
        try (SagaBroker core = new SagaBroker()) {
            eventually().untilAsserted(() -> assertEquals(0L, core.messageCount(INCOMING),
                    "messages on " + INCOMING + " the service has not acknowledged"));
        }
    }

    /** As the broker counts them: waiting, in delivery, and scheduled for later (a redelivery, a demo delay). */
    private long messageCount(String queue) throws Exception {
        TemporaryQueue replies = session.createTemporaryQueue();
        try (MessageProducer requests = session.createProducer(session.createQueue(MANAGEMENT));
             MessageConsumer answers = session.createConsumer(replies)) {
            Message request = session.createMessage();
            JMSManagementHelper.putAttribute(request, ResourceNames.QUEUE + queue, "messageCount");
            request.setJMSReplyTo(replies);
            requests.send(request);
            Message reply = answers.receive(Eventually.WAIT.toMillis());
            if (reply == null || !JMSManagementHelper.hasOperationSucceeded(reply)) {
                throw new IllegalStateException("the broker did not count " + queue + ": " + reply);
            }
            return ((Number) JMSManagementHelper.getResult(reply)).longValue();
        } finally {
            replies.delete();
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Message text(Session session, String json) throws JMSException {
        return session.createTextMessage(json);
    }

    /** UTF-8 JSON as bytes: a BytesMessage, or over AMQP a data section. */
    public static Message bytes(Session session, String json) throws JMSException {
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(json.getBytes(StandardCharsets.UTF_8));
        return message;
    }

    /** The one event a step should have caused. */
    public static Received only(List<Received> received) {
        assertEquals(1, received.size(), "expected exactly one event, got " + received);
        return received.get(0);
    }

    /** Events by order id; fails if an order has two. */
    public static Map<String, Received> byOrder(List<Received> received) {
        return received.stream().collect(Collectors.toMap(Received::orderId, Function.identity()));
    }

    @FunctionalInterface
    public interface MessageFactory {
        Message create(Session session) throws JMSException;
    }

    /** An outgoing event: its JMS properties and its parsed envelope. */
    public record Received(String type, String sessionId, String orderId, String correlationId, String groupId,
                           String body, Message message) {
        static Received of(Message message) throws JMSException {
            String body = message instanceof TextMessage text ? text.getText() : null;
            return new Received(message.getStringProperty("type"), message.getStringProperty("sessionId"),
                    message.getStringProperty("orderId"), message.getJMSCorrelationID(),
                    message.getStringProperty("JMSXGroupID"), body, message);
        }

        public JsonObject envelope() {
            return Json.createReader(new StringReader(body)).readObject();
        }

        public JsonObject data() {
            return envelope().getJsonObject("data");
        }
    }

}
