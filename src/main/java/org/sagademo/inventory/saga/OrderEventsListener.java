package org.sagademo.inventory.saga;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import org.sagademo.inventory.platform.DatabaseMigrations;
import org.sagademo.inventory.platform.DatabaseOutages;
import org.sagademo.inventory.platform.JsonText;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Consumes the saga's incoming queue through the Artemis resource adapter. The delivery is not part of a
 * JTA transaction: {@link SagaParticipant} applies the event in a database transaction of its own, the
 * answer is sent once that has committed, and only then is the message acknowledged (the adapter's local
 * transaction, {@code useLocalTx}). An exception at any step returns the message to the broker, which
 * redelivers it up to its limit, then dead-letters it; a redelivery after the commit gets the recorded answer. A
 * database out of reach is waited for instead ({@link DatabaseOutages}).
 * Nothing here reads the JMS message id: AMQP peers often send none.
 */
// destination and maxSession are written again in jboss-ejb3.xml (WildFly), the queue in microprofile-config.properties,
// the count in WildFly's MDB pool (inventory-service.cli): ListenerSettingsTest holds them equal
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "artemis-ra"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "destination", propertyValue = "${ENV=INVENTORY_INCOMING_QUEUE:order-events}"),
        @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "${ENV=INVENTORY_CONSUMERS:16}"),
        @ActivationConfigProperty(propertyName = "useLocalTx", propertyValue = "true")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class OrderEventsListener implements MessageListener {

    /** Events are small; anything larger is not one. */
    static final int MAX_EVENT_BYTES = 256 * 1024;

    @EJB
    DatabaseMigrations migrations;

    @EJB
    SagaParticipant participant;

    @Inject
    DemoDelay demoDelay;

    @EJB
    InventoryEvents events;

    @EJB
    DeadLetters deadLetters;

    @Inject
    DatabaseOutages outages;

    @Inject
    TestHooks testHooks;

    @Inject
    ListenerActivity activity;

    @PostConstruct
    void awaitSchema() {
        migrations.awaitSchema();
    }

    @Override
    public void onMessage(Message message) {
        activity.arrived();
        try {
            handle(message);
        } finally {
            activity.finished();
        }
    }

    private void handle(Message message) {
        boolean redelivered = redelivered(message);
        try {
            String json = body(message);
            SagaEvent event = SagaEvent.parse(json);
            if (demoDelay.holdsBack(event, message)) {
                events.postpone(json, demoDelay.millis());
                return;
            }
            Optional<Answer> answer = outages.waitOut(event.key(), () -> participant.handle(event, redelivered));
            testHooks.failBeforeAnswerIfAsked(event, message);
            answer.ifPresent(events::publish);
        } catch (MalformedEvent malformed) {
            deadLetters.reject(message, malformed, redelivered);
        } catch (JMSException e) {
            throw new EJBException("could not read message", e);
        }
    }

    private static boolean redelivered(Message message) {
        try {
            return message.getJMSRedelivered();
        } catch (JMSException e) {
            throw new EJBException("could not read message", e);
        }
    }

    /** In UTF-8, where a character takes one to three bytes: encoded only where the text may or may not fit. */
    private static boolean tooLarge(String text) {
        return text.length() > MAX_EVENT_BYTES
                || text.length() > MAX_EVENT_BYTES / 3 && text.getBytes(StandardCharsets.UTF_8).length > MAX_EVENT_BYTES;
    }

    /** The event's JSON: a TextMessage, or a BytesMessage of UTF-8 (as AMQP and STOMP clients send). */
    private static String body(Message message) throws JMSException, MalformedEvent {
        if (message instanceof TextMessage text) {
            String json = text.getText();
            if (json == null || tooLarge(json)) {
                throw new MalformedEvent(json == null ? "empty message" : "message larger than " + MAX_EVENT_BYTES + " bytes");
            }
            return json;
        }
        if (message instanceof BytesMessage bytes) {
            if (bytes.getBodyLength() > MAX_EVENT_BYTES) {
                throw new MalformedEvent("message larger than " + MAX_EVENT_BYTES + " bytes");
            }
            byte[] utf8 = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(utf8);
            return JsonText.fromUtf8(utf8).orElseThrow(() -> new MalformedEvent("body is not UTF-8",
                    SagaEventReader.orderNamedBy(utf8).orElse(null)));
        }
        throw new MalformedEvent("unsupported message type " + message.getClass().getSimpleName());
    }
}
