package org.sagademo.inventory.support;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Publishes orders while the service is down, before the first Payara of the test run starts: after
 * a restart the broker delivers at once, before the schema migration may have run, and those
 * messages must still be answered, not burn their redeliveries and land in the dead-letter queue.
 */
public final class EventsWaitingAtStart implements BeforeAllCallback {

    public static final String SESSION = "waiting-at-start";
    public static final int COUNT = 50;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(EventsWaitingAtStart.class, key -> publish(), Boolean.class);
    }

    private static Boolean publish() {
        try (SagaBroker broker = new SagaBroker()) {
            for (int i = 0; i < COUNT; i++) {
                String event = Events.orderCreated(SESSION, "early-" + i, "laptop", 1);
                broker.publish(SagaBroker.INCOMING, session -> {
                    var message = session.createTextMessage(event);
                    message.setStringProperty("marker", SESSION);
                    return message;
                });
            }
            return true;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
