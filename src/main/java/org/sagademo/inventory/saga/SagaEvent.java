package org.sagademo.inventory.saga;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.sagademo.inventory.reservation.RequestedItem;

import java.util.List;
import java.util.Optional;

/**
 * An incoming event: the envelope {@code {type, correlationId, sessionId, timestamp, data}} of the
 * saga contract, checked for everything its type needs before anything acts on it ({@link SagaEventReader}):
 * what names it ({@link EventIdentity}), its data, and an order's items.
 */
public record SagaEvent(EventIdentity identity, JsonObject data, List<RequestedItem> items) {

    static SagaEvent parse(String json) throws MalformedEvent {
        return SagaEventReader.read(json);
    }

    EventType type() {
        return identity.type();
    }

    String sessionId() {
        return identity.sessionId();
    }

    String correlationId() {
        return identity.correlationId();
    }

    String orderId() {
        return identity.orderId();
    }

    String key() {
        return identity.key();
    }

    /** A string of the event's data, e.g. a failed payment's reason. */
    Optional<String> dataText(String field) {
        return SagaEventReader.text(data, field);
    }

    /** A value of the event's data as sent, for the fields an answer passes through to the payment service. */
    Optional<JsonValue> dataValue(String field) {
        return Optional.ofNullable(data.get(field));
    }

    /** The demo's switch for this service: "success" (or absent), "failure", "random"; the test hooks' words too. */
    Optional<String> inventoryBehaviour() {
        return SagaEventReader.text(data, "inventoryBehaviour");
    }

    boolean skipDemoDelays() {
        return data.get("skipDemoDelays") == JsonValue.TRUE;
    }
}
