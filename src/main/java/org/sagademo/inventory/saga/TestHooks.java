package org.sagademo.inventory.saga;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Test-only failure switches, chosen by an order's {@code inventoryBehaviour} when
 * {@code inventory.test-hooks} is on (never in production): they prove what a failure at each step leaves.
 */
@ApplicationScoped
public class TestHooks {

    @Inject
    @ConfigProperty(name = "inventory.test-hooks")
    boolean enabled;

    /** "crash-after-write": fails the transaction after all its writes; nothing may remain. */
    void failAfterWritesIfAsked(SagaEvent event) {
        failIf(event, "crash-after-write", "failing " + event.key() + " after its writes");
    }

    /**
     * "crash-before-answer": fails the first delivery after its commit, before the answer is sent;
     * "crash-before-answer-3": the first three, so that other events of the order come meanwhile. The broker's count
     * of the message's deliveries (JMSXDeliveryCount) is read only with the hooks on.
     */
    void failBeforeAnswerIfAsked(SagaEvent event, Message message) throws JMSException {
        if (!enabled) {
            return;
        }
        int delivery = message.getIntProperty("JMSXDeliveryCount");
        String what = "failing " + event.key() + " after its commit, before its answer";
        if (delivery <= 1) {
            failIf(event, "crash-before-answer", what);
        }
        if (delivery <= 3) {
            failIf(event, "crash-before-answer-3", what);
        }
    }

    private void failIf(SagaEvent event, String behaviour, String what) {
        if (enabled && event.inventoryBehaviour().filter(behaviour::equals).isPresent()) {
            throw new IllegalStateException("test hook: " + what);
        }
    }
}
