package org.sagademo.inventory.support;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.sagademo.inventory.clients.SagaBroker;
import org.sagademo.inventory.clients.SagaMessages;

/**
 * The service's first start with orders already waiting for it: before the test class's Payara boots,
 * the database is emptied (the service migrates the schema again as it starts) and orders are published.
 * The broker delivers them at once, before the migration has run, and they must still be answered, not
 * burn their redeliveries and land in the dead-letter queue. Registered after {@link RealInfrastructure},
 * before Arquillian.
 */
public final class EventsWaitingAtStart implements BeforeAllCallback {

    public static final String SESSION = "waiting-at-start";
    public static final int COUNT = 50;

    @Override
    public void beforeAll(ExtensionContext context) {
        RealInfrastructure.rows().dropEverything();
        try (SagaBroker broker = RealInfrastructure.broker()) {
            for (int i = 0; i < COUNT; i++) {
                String event = SagaMessages.orderCreated(SESSION, "early-" + i, "laptop", 1);
                broker.publish(SagaBroker.INCOMING, session -> {
                    var message = session.createTextMessage(event);
                    message.setStringProperty("marker", SESSION);
                    return message;
                });
            }
        }
    }
}
