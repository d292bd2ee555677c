package org.sagademo.inventory.saga;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The demo's pause before an order is reserved, so people can watch the saga. Rather than sleeping
 * (holding a consumer and a transaction), the order goes back on the incoming queue with a JMS
 * delivery delay and a mark, and is reserved when it comes round again.
 */
@ApplicationScoped
public class DemoDelay {

    static final String SERVED = "inventoryDemoDelayServed";

    @Inject
    @ConfigProperty(name = "inventory.demo-delay-ms")
    long millis;

    boolean holdsBack(SagaEvent event, Message message) throws JMSException {
        return millis > 0
                && event.type() == EventType.ORDER_CREATED
                && !event.skipDemoDelays()
                && !message.propertyExists(SERVED);
    }

    long millis() {
        return millis;
    }
}
