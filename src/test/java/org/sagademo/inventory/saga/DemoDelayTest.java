package org.sagademo.inventory.saga;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which orders the demo delay holds back, decided without a broker or a clock (SagaIT sees the delay itself). */
class DemoDelayTest {

    private final DemoDelay delay = new DemoDelay();

    DemoDelayTest() {
        delay.millis = 1_500;
    }

    @Test
    void holdsBackAnOrderOnce() throws Exception {
        assertTrue(delay.holdsBack(order(false), message(false)));
        assertFalse(delay.holdsBack(order(false), message(true)), "it has waited already");
    }

    @Test
    void anOrderThatSkipsDemoDelaysIsNotHeldBack() throws Exception {
        assertFalse(delay.holdsBack(order(true), message(false)));
    }

    @Test
    void offAtZero() throws Exception {
        delay.millis = 0;
        assertFalse(delay.holdsBack(order(false), message(false)));
    }

    private static SagaEvent order(boolean skipDemoDelays) throws MalformedEvent {
        return SagaEvent.parse("""
                {"type":"ORDER_CREATED","correlationId":"saga-o1","sessionId":"s1","timestamp":"2026-01-01T00:00:00.000Z",
                 "data":{"id":"o1","sessionId":"s1","items":[{"product":"laptop","quantity":1}],"skipDemoDelays":%s}}"""
                .formatted(skipDemoDelays));
    }

    /** A received message that has the mark of a served delay or not; nothing else of it is read. */
    private static Message message(boolean served) {
        return (Message) Proxy.newProxyInstance(DemoDelayTest.class.getClassLoader(), new Class<?>[] {Message.class},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("propertyExists")) {
                        return served && DemoDelay.SERVED.equals(arguments[0]);
                    }
                    throw new JMSException("not read by the demo delay: " + method.getName());
                });
    }
}
