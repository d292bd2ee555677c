package org.sagademo.inventory.faults;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.sagademo.inventory.localstack.BrokerManagement;
import org.sagademo.inventory.localstack.EmbeddedBroker;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The saga's other services under fire: a publisher that keeps trying through a broker restart, and a
 * collector of every answer on the outgoing queue, counted once per JMS message (a redelivery of an
 * answer to us is not the service's duplicate).
 */
final class Traffic implements AutoCloseable {

    private static final String INCOMING = "order-events";

    /** One outgoing event as received. */
    record Answer(String type, String sessionId, String orderId, JsonObject envelope) {
    }

    private final ActiveMQConnectionFactory factory;
    private final Connection listening;
    private final Set<String> seenMessageIds = ConcurrentHashMap.newKeySet();
    private final Map<String, Map<String, Integer>> answersByOrder = new ConcurrentHashMap<>();
    private final Map<String, Answer> lastAnswer = new ConcurrentHashMap<>();
    private final ThreadLocal<Sender> senders = new ThreadLocal<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    /** When each answer arrived, in order. */
    private final Queue<Long> arrivals = new ConcurrentLinkedQueue<>();
    /** Who else hears each answer as it arrives (the payment service answering INVENTORY_RESERVED). */
    private final List<Consumer<Answer>> listeners = new CopyOnWriteArrayList<>();

    Traffic(int brokerPort) throws JMSException {
        factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort
                + "?reconnectAttempts=-1&retryInterval=200&maxRetryInterval=1000&callTimeout=10000",
                EmbeddedBroker.USER, EmbeddedBroker.PASSWORD);
        listening = factory.createConnection();
        Session session = listening.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(session.createQueue("inventory-events"));
        consumer.setMessageListener(this::collect);
        listening.start();
    }

    /** Sends until the broker has it; a retry after an unclear failure may publish twice, as real producers do. */
    void publish(String json) {
        long deadline = System.currentTimeMillis() + 180_000;
        while (true) {
            try {
                sender().send(json);
                return;
            } catch (JMSException | RuntimeException e) {
                senders.remove();
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("could not publish for 3 minutes", e);
                }
                pause(200);
            }
        }
    }

    /** Sends any message as-is (poison messages), once. */
    void publish(MessageFactory message) throws JMSException {
        Sender sender = sender();
        sender.producer.send(message.create(sender.session));
    }

    int answers(String session, String orderId, String type) {
        return answersByOrder.getOrDefault(key(session, orderId), Map.of()).getOrDefault(type, 0);
    }

    /** Distinct answers of any type for the order. */
    int answers(String session, String orderId) {
        return answersByOrder.getOrDefault(key(session, orderId), Map.of()).values().stream().mapToInt(i -> i).sum();
    }

    Answer last(String session, String orderId) {
        return lastAnswer.get(key(session, orderId));
    }

    long answered(String sessionPrefix) {
        return answersByOrder.keySet().stream().filter(k -> k.startsWith(sessionPrefix)).count();
    }

    long total(String sessionPrefix) {
        return answersByOrder.entrySet().stream().filter(e -> e.getKey().startsWith(sessionPrefix))
                .mapToLong(e -> e.getValue().values().stream().mapToInt(i -> i).sum()).sum();
    }

    /** The last answer of every order of the sessions starting with the prefix. */
    List<Answer> answersOf(String sessionPrefix) {
        return lastAnswer.entrySet().stream().filter(e -> e.getKey().startsWith(sessionPrefix))
                .map(Map.Entry::getValue).toList();
    }

    /** Milliseconds from {@code time} until the first answer that arrived then or later, if one has. */
    OptionalLong firstAnswerAfter(long time) {
        return arrivals.stream().mapToLong(Long::longValue).filter(at -> at >= time).map(at -> at - time).findFirst();
    }

    /** The consumers the broker counts on the queue the service reads (the order and payment services publish to it). */
    int serviceConsumers() {
        return BrokerManagement.consumerCount(listening, INCOMING);
    }

    /** The messages waiting on, or delivered but not yet acknowledged from, the queue the service reads. */
    long serviceBacklog() {
        return BrokerManagement.messageCount(listening, INCOMING);
    }

    /** Hands every answer, once, to the listener as well, until the returned handle is closed; it must not block. */
    AutoCloseable onAnswer(Consumer<Answer> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    static boolean await(BooleanSupplier condition, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            pause(100);
        }
        return true;
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void collect(Message message) {
        try {
            if (!seenMessageIds.add(message.getJMSMessageID())) {
                return;
            }
            JsonObject envelope = Json.createReader(new StringReader(((TextMessage) message).getText())).readObject();
            Answer answer = new Answer(message.getStringProperty("type"), message.getStringProperty("sessionId"),
                    message.getStringProperty("orderId"), envelope);
            String key = key(answer.sessionId(), answer.orderId());
            answersByOrder.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).merge(answer.type(), 1, Integer::sum);
            lastAnswer.put(key, answer);
            arrivals.add(System.currentTimeMillis());
            listeners.forEach(listener -> listener.accept(answer));
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String key(String session, String orderId) {
        return session + "/" + orderId;
    }

    private Sender sender() throws JMSException {
        Sender sender = senders.get();
        if (sender == null) {
            Connection connection = factory.createConnection();
            connections.add(connection);
            sender = new Sender(connection);
            senders.set(sender);
        }
        return sender;
    }

    @Override
    public void close() throws JMSException {
        for (Connection connection : connections) {
            connection.close();
        }
        listening.close();
    }

    @FunctionalInterface
    interface MessageFactory {
        Message create(Session session) throws JMSException;
    }

    private static final class Sender {
        final Session session;
        final MessageProducer producer;

        Sender(Connection connection) throws JMSException {
            session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            producer = session.createProducer(session.createQueue(INCOMING));
        }

        void send(String json) throws JMSException {
            producer.send(session.createTextMessage(json));
        }
    }
}
