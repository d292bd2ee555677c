package org.sagademo.inventory.support;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
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

/**
 * The other saga services, as the tests play them: they publish order events and read ours, over the
 * broker's core protocol as a Java peer would, or over AMQP 1.0 as most other peers do.
 */
public final class SagaBroker implements AutoCloseable {

    public static final String INCOMING = "order-events";
    public static final String OUTGOING = "inventory-events";
    public static final String DEAD_LETTERS = "DLQ";

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
        List<Received> received = new ArrayList<>();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue), selector)) {
            while (received.size() < count) {
                long left = deadline - System.currentTimeMillis();
                Message message = left > 0 ? consumer.receive(left) : null;
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

    /** Asserts silence: whatever arrives for the session within the window. */
    public List<Received> receiveAll(String sessionId, long windowMillis) {
        return receive(sessionId, Integer.MAX_VALUE, windowMillis);
    }

    @Override
    public void close() throws JMSException {
        connection.close();
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
