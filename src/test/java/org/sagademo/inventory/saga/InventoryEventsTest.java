package org.sagademo.inventory.saga;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * When an answer's send fails on the session kept from an earlier send: only a session closed underneath (the broker
 * restarted) is replaced at once; a send that may still reach the broker is left to the event's next delivery.
 */
class InventoryEventsTest {

    private static final Answer ANSWER = Answer.of(new OutgoingEvent(EventType.INVENTORY_RESERVED, "saga-1", "s1", "o1",
            Json.createObjectBuilder().add("orderId", "o1").build()));

    /** What each send does, in turn, whichever session it is on: nothing, or throw. */
    private final Deque<Supplier<RuntimeException>> sends = new ArrayDeque<>();
    /** Sessions opened, each with the answer ids sent on it. */
    private final List<List<String>> sessions = new ArrayList<>();
    /** The headers and properties of the last message composed. */
    private final Map<String, String> headers = new HashMap<>();
    private final InventoryEvents events = new InventoryEvents();

    InventoryEventsTest() {
        events.broker = stub(ConnectionFactory.class, (method, args) -> method.equals("createContext") ? session() : null);
        events.outgoingQueue = "inventory-events";
    }

    @Test
    void aSessionClosedUnderneathIsReplacedAndTheAnswerGoesOut() {
        sends.add(() -> null);
        sends.add(() -> new IllegalStateRuntimeException("The session is closed"));
        sends.add(() -> null);

        events.publish(ANSWER);
        events.publish(ANSWER);

        assertEquals(List.of(List.of(ANSWER.id()), List.of(ANSWER.id())), sessions, "sent on the kept session, then on a new one");
    }

    @Test
    void aSendThatTimedOutIsNotRepeatedOnAnotherConnection() {
        JMSRuntimeException timedOut = new JMSRuntimeException("AMQ219014: Timed out after waiting 5000 ms for response");
        sends.add(() -> null);
        sends.add(() -> timedOut);

        events.publish(ANSWER);
        assertSame(timedOut, assertThrows(JMSRuntimeException.class, () -> events.publish(ANSWER)),
                "the event's next delivery sends it again, once the first send has landed or failed");

        assertEquals(List.of(List.of(ANSWER.id())), sessions, "no second session, no second send");
        sends.add(() -> null);
        events.publish(ANSWER);
        assertEquals(2, sessions.size(), "the next send on a new session: the one that timed out was closed");
    }

    @Test
    void aFailureOnANewSessionGoesToTheCaller() {
        sends.add(() -> new IllegalStateRuntimeException("The session is closed"));

        assertThrows(IllegalStateRuntimeException.class, () -> events.publish(ANSWER));
        assertEquals(1, sessions.size(), "a new session's failure is the broker's: not tried on yet another");
    }

    /** A STOMP 1.0 consumer reads headers as Artemis writes them: a line break in a peer's id would add one. */
    @Test
    void aPeersIdsReachTheHeadersWithoutControlCharacters() {
        sends.add(() -> null);
        events.publish(Answer.of(new OutgoingEvent(EventType.INVENTORY_RESERVED, "saga\r\nx-forged:1", "s1", "o1\n\u0085",
                Json.createObjectBuilder().add("orderId", "o1\n\u0085").build())));

        assertEquals("saga\ufffd\ufffdx-forged:1", headers.get("JMSCorrelationID"));
        assertEquals("o1\ufffd\ufffd", headers.get("orderId"));
        assertEquals("o1\ufffd\ufffd", headers.get("JMSXGroupID"));
        assertEquals("s1", headers.get("sessionId"));
    }

    private JMSContext session() {
        List<String> sent = new ArrayList<>();
        sessions.add(sent);
        JMSProducer producer = stub(JMSProducer.class, (method, args) -> switch (method) {
            case "send" -> {
                if (sends.isEmpty()) {
                    throw new AssertionError("a send the test did not expect: the answer sent once more");
                }
                RuntimeException failure = sends.remove().get();
                if (failure != null) {
                    throw failure;
                }
                sent.add(headers.get("_AMQ_DUPL_ID"));
                yield null;
            }
            default -> null; // setDeliveryDelay: the stub returns the producer itself
        });
        TextMessage message = stub(TextMessage.class, (method, args) -> {
            if (method.equals("setStringProperty")) {
                headers.put((String) args[0], (String) args[1]);
            } else if (method.equals("setJMSCorrelationID")) {
                headers.put("JMSCorrelationID", (String) args[0]);
            }
            return null;
        });
        return stub(JMSContext.class, (method, args) -> switch (method) {
            case "createProducer" -> producer;
            case "createTextMessage" -> message;
            case "createQueue" -> stub(Queue.class, (m, a) -> null);
            default -> null;
        });
    }

    @FunctionalInterface
    private interface Behaviour {
        Object call(String method, Object[] args);
    }

    /** A stub of the interface; a method that returns the interface's own type returns the stub (a fluent setter). */
    private static <T> T stub(Class<T> type, Behaviour behaviour) {
        Object[] self = new Object[1];
        self[0] = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> type.getSimpleName() + " stub";
                };
            }
            Object result = behaviour.call(method.getName(), args);
            return result == null && method.getReturnType() == type ? self[0] : result;
        });
        return type.cast(self[0]);
    }
}
