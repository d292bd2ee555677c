package org.sagademo.inventory.faults;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.json.JsonObject;
import org.sagademo.inventory.clients.SagaBroker;
import org.sagademo.inventory.localstack.Poll;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The saga's other services under fire: a publisher that keeps trying through a broker restart, and a
 * collector of every answer on the outgoing queue, counted once per JMS message (a redelivery of an
 * answer to us is not the service's duplicate).
 */
final class Traffic implements AutoCloseable {

    /** Through a broker restart, the publishers and the collector reconnect and carry on. */
    private static final String RECONNECTING = "?reconnectAttempts=-1&retryInterval=200&maxRetryInterval=1000&callTimeout=10000";

    /** One outgoing event as received. */
    record Answer(String type, String sessionId, String orderId, JsonObject envelope) {
    }

    private final int brokerPort;
    private final SagaBroker listening;
    private final Set<String> seenMessageIds = ConcurrentHashMap.newKeySet();
    private final Map<String, Map<String, Integer>> answersByOrder = new ConcurrentHashMap<>();
    private final Map<String, Answer> lastAnswer = new ConcurrentHashMap<>();
    /** JMS sessions are single-threaded: each publishing thread has a connection of its own. */
    private final ThreadLocal<SagaBroker> senders = new ThreadLocal<>();
    private final Set<SagaBroker> connections = ConcurrentHashMap.newKeySet();
    /** When each answer arrived, in order. */
    private final Queue<Long> arrivals = new ConcurrentLinkedQueue<>();
    /** Who else hears each answer as it arrives (the payment service answering INVENTORY_RESERVED). */
    private final List<Consumer<Answer>> listeners = new CopyOnWriteArrayList<>();

    Traffic(int brokerPort) {
        this.brokerPort = brokerPort;
        listening = SagaBroker.core(brokerPort, RECONNECTING);
        listening.listen(SagaBroker.OUTGOING, this::collect);
    }

    /** Sends until the broker has it; a retry after an unclear failure may publish twice, as real producers do. */
    void publish(String json) {
        long deadline = System.currentTimeMillis() + 180_000;
        while (true) {
            try {
                sender().publish(json);
                return;
            } catch (RuntimeException e) {
                senders.remove();
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("could not publish for 3 minutes", e);
                }
                Poll.pause(200);
            }
        }
    }

    /** Sends any message as-is (poison messages), once. */
    void publish(SagaBroker.MessageFactory message) {
        sender().publish(SagaBroker.INCOMING, message);
    }

    int answers(String session, String orderId, String type) {
        return answersByOrder.getOrDefault(key(session, orderId), Map.of()).getOrDefault(type, 0);
    }

    /** Distinct answers of any type for the order. */
    int answers(String session, String orderId) {
        return answersByOrder.getOrDefault(key(session, orderId), Map.of()).values().stream().mapToInt(i -> i).sum();
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
        return listening.consumerCount(SagaBroker.INCOMING);
    }

    /** The messages waiting on, or delivered but not yet acknowledged from, the queue the service reads. */
    long serviceBacklog() {
        return listening.messageCount(SagaBroker.INCOMING);
    }

    /** The answers on the outgoing queue not yet acknowledged by the collector (the broker counts those in delivery). */
    long answersWaiting() {
        return listening.messageCount(SagaBroker.OUTGOING);
    }

    /** Hands every answer, once, to the listener as well, until the returned handle is closed; it must not block. */
    AutoCloseable onAnswer(Consumer<Answer> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void collect(Message message) {
        try {
            if (!seenMessageIds.add(message.getJMSMessageID())) {
                return;
            }
            SagaBroker.Received received = SagaBroker.Received.of(message);
            Answer answer = new Answer(received.type(), received.sessionId(), received.orderId(), received.envelope());
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

    private SagaBroker sender() {
        SagaBroker sender = senders.get();
        if (sender == null) {
            sender = SagaBroker.core(brokerPort, RECONNECTING);
            connections.add(sender);
            senders.set(sender);
        }
        return sender;
    }

    @Override
    public void close() {
        connections.forEach(SagaBroker::close);
        listening.close();
    }
}
