package org.sagademo.inventory.clients;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
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

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The saga's other services on the broker, as the tests, the benchmark, the fault suite and the smoke runs
 * play them: they publish order events and read ours, over the broker's core protocol as a Java peer
 * would, or over AMQP 1.0 as most other peers do. One connection and one session: one thread at a time.
 */
public final class SagaBroker implements AutoCloseable {

    /** The login the local stack gives the saga's services, this one included. */
    public static final String USER = "inventory";
    public static final String PASSWORD = "inventory";
    public static final String INCOMING = "order-events";
    public static final String OUTGOING = "inventory-events";
    public static final String DEAD_LETTERS = "DLQ";
    /** Where the broker answers questions about its queues (core protocol only). */
    private static final String MANAGEMENT = "activemq.management";
    private static final long MANAGEMENT_WAIT_MILLIS = 20_000;

    private final Connection connection;
    private final Session session;
    /** A producer per queue, kept: creating one per send would slow the publishers down. */
    private final Map<String, MessageProducer> producers = new HashMap<>();

    /** A peer on the core protocol. */
    public static SagaBroker core(int port) {
        return core(port, "");
    }

    /** @param options the connection URL's query, e.g. {@code ?reconnectAttempts=-1} */
    public static SagaBroker core(int port, String options) {
        return new SagaBroker(new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port + options, USER, PASSWORD));
    }

    /** A peer on AMQP 1.0 (Qpid JMS): text goes as an amqp-value string, bytes as a data section. */
    public static SagaBroker overAmqp(int port) {
        return new SagaBroker(new JmsConnectionFactory(USER, PASSWORD, "amqp://127.0.0.1:" + port));
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

    /** An event for the service, as JSON text. */
    public void publish(String json) {
        publish(INCOMING, jms -> text(jms, json));
    }

    /** Sends any message the caller builds (bytes, maps, odd properties) to a queue. */
    public void publish(String queue, MessageFactory factory) {
        send(queue, factory, true);
    }

    /** Sends as the original saga's services and many AMQP clients do: with no message id at all. */
    public void publishWithoutMessageId(String queue, MessageFactory factory) {
        send(queue, factory, false);
    }

    private void send(String queue, MessageFactory factory, boolean withMessageId) {
        try {
            MessageProducer producer = producers.get(queue);
            if (producer == null) {
                producer = session.createProducer(session.createQueue(queue));
                producers.put(queue, producer);
            }
            producer.setDisableMessageID(!withMessageId);
            producer.send(factory.create(session));
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Events for the service in a transaction of their own, on this connection: each commit publishes them. */
    public Batch batch() {
        try {
            return new Batch(connection.createSession(true, Session.SESSION_TRANSACTED));
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hands every message on the queue to the listener, on a session of its own (the listener's thread). */
    public void listen(String queue, MessageListener listener) {
        try {
            Session listening = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            listening.createConsumer(listening.createQueue(queue)).setMessageListener(listener);
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

    /** As the broker counts them: waiting, in delivery, and scheduled for later (a redelivery, a demo delay). */
    public long messageCount(String queue) {
        return queueAttribute(queue, "messageCount").longValue();
    }

    /** Handed to a consumer and not yet acknowledged. */
    public long deliveringCount(String queue) {
        return queueAttribute(queue, "deliveringCount").longValue();
    }

    /** The consumers the broker has on the queue: a consumer that silently stopped still counts until its connection dies. */
    public int consumerCount(String queue) {
        return queueAttribute(queue, "consumerCount").intValue();
    }

    /** The buckets the queue hashes message groups into: -1 for an entry per group. */
    public int groupBuckets(String queue) {
        return queueAttribute(queue, "groupBuckets").intValue();
    }

    private Number queueAttribute(String queue, String attribute) {
        try {
            TemporaryQueue replies = session.createTemporaryQueue();
            try (MessageProducer requests = session.createProducer(session.createQueue(MANAGEMENT));
                 MessageConsumer answers = session.createConsumer(replies)) {
                Message request = session.createMessage();
                JMSManagementHelper.putAttribute(request, ResourceNames.QUEUE + queue, attribute);
                request.setJMSReplyTo(replies);
                requests.send(request);
                Message reply = answers.receive(MANAGEMENT_WAIT_MILLIS);
                if (reply == null || !JMSManagementHelper.hasOperationSucceeded(reply)) {
                    throw new IllegalStateException("the broker did not tell the " + attribute + " of " + queue + ": " + reply);
                }
                return (Number) JMSManagementHelper.getResult(reply);
            } finally {
                replies.delete();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not read the " + attribute + " of " + queue, e);
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
        return bytes(session, json.getBytes(StandardCharsets.UTF_8));
    }

    public static Message bytes(Session session, byte[] body) throws JMSException {
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(body);
        return message;
    }

    /** Events by order id; fails if an order has two. */
    public static Map<String, Received> byOrder(List<Received> received) {
        return received.stream().collect(Collectors.toMap(Received::orderId, Function.identity()));
    }

    @FunctionalInterface
    public interface MessageFactory {
        Message create(Session session) throws JMSException;
    }

    /** Text events sent in one transaction after another. */
    public static final class Batch implements AutoCloseable {
        private final Session session;
        private final MessageProducer producer;

        private Batch(Session session) throws JMSException {
            this.session = session;
            this.producer = session.createProducer(session.createQueue(INCOMING));
        }

        public void send(String json) throws JMSException {
            producer.send(session.createTextMessage(json));
        }

        public void commit() throws JMSException {
            session.commit();
        }

        @Override
        public void close() throws JMSException {
            session.close();
        }
    }

    /** An outgoing event: its JMS properties and its parsed envelope. */
    public record Received(String type, String sessionId, String orderId, String correlationId, String groupId,
                           String body, Message message) {
        public static Received of(Message message) throws JMSException {
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
