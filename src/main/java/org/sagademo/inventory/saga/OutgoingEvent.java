package org.sagademo.inventory.saga;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import org.sagademo.inventory.inventory.Shortfall;
import org.sagademo.inventory.platform.StorableText;
import org.sagademo.inventory.platform.UtcTimestamps;
import org.sagademo.inventory.reservation.ReservationOutcome;
import org.sagademo.inventory.reservation.ReservationOutcome.Refused;
import org.sagademo.inventory.reservation.ReservationOutcome.Released;
import org.sagademo.inventory.reservation.ReservationOutcome.Reserved;

import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An event this service emits, in the saga's envelope, addressed like the event that caused it. */
public record OutgoingEvent(EventType type, String correlationId, String sessionId, String orderId, JsonObject data) {

    /** The order's demo switches the payment service reads from INVENTORY_RESERVED. */
    private static final List<String> PASSED_THROUGH = List.of("paymentBehaviour", "inventoryBehaviour", "skipDemoDelays");
    /** Once: Json.createObjectBuilder() and the like look the provider up at every call. */
    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(null);
    private static final JsonReaderFactory READERS = Json.createReaderFactory(null);

    /** The answer to an event, if its outcome has one (a confirmation or an anomaly has none). */
    static Optional<OutgoingEvent> answering(SagaEvent cause, ReservationOutcome outcome) {
        if (outcome instanceof Refused refused) {
            return Optional.of(failure(cause.identity(), refused.reason(), refused.shortfalls()));
        }
        JsonObjectBuilder data = JSON.createObjectBuilder().add("orderId", cause.orderId());
        EventType type;
        if (outcome instanceof Reserved reserved) {
            type = EventType.INVENTORY_RESERVED;
            data.add("items", items(reserved.units()));
            PASSED_THROUGH.forEach(field -> cause.dataValue(field).ifPresent(value -> data.add(field, value)));
        } else if (outcome instanceof Released released) {
            type = EventType.INVENTORY_RELEASED;
            addReleased(data, released);
        } else {
            return Optional.empty();
        }
        return Optional.of(new OutgoingEvent(type, cause.correlationId(), cause.sessionId(), cause.orderId(), data.build()));
    }

    /** INVENTORY_RELEASED for a reservation held past its time to live; its order id is the correlation id. */
    static OutgoingEvent expired(String sessionId, String orderId, Released released) {
        JsonObjectBuilder data = JSON.createObjectBuilder().add("orderId", orderId);
        addReleased(data, released);
        return new OutgoingEvent(EventType.INVENTORY_RELEASED, orderId, sessionId, orderId, data.build());
    }

    /** INVENTORY_FAILED for an order whose event could not be read. */
    static OutgoingEvent unreadable(EventIdentity to, String reason) {
        return failure(to, "Invalid order event: " + reason);
    }

    /** INVENTORY_FAILED for the order of the event, naming no item. */
    static OutgoingEvent failure(EventIdentity to, String reason) {
        return failure(to, reason, List.of());
    }

    private static OutgoingEvent failure(EventIdentity to, String reason, List<Shortfall> shortfalls) {
        JsonObject data = JSON.createObjectBuilder()
                .add("orderId", to.orderId())
                .add("reason", reason)
                .add("failedItems", failedItems(shortfalls))
                .build();
        return new OutgoingEvent(EventType.INVENTORY_FAILED, to.correlationId(), to.sessionId(), to.orderId(), data);
    }

    /** An event recorded by {@link #toJson()}, to be sent (again). */
    static OutgoingEvent fromJson(String json) {
        JsonObject envelope;
        try (JsonReader reader = READERS.createReader(new StringReader(json))) {
            envelope = reader.readObject();
        }
        JsonObject data = envelope.getJsonObject("data");
        return new OutgoingEvent(EventType.valueOf(envelope.getString("type")), envelope.getString("correlationId"),
                envelope.getString("sessionId"), data.getString("orderId"), data);
    }

    /**
     * The JSON as it is sent and recorded alike: half a surrogate pair that a passed-through field or an order's product
     * id brought (JSON writes it as it is) becomes U+FFFD, which PostgreSQL stores, where the driver would write '?' into
     * the recorded copy and a re-sent answer would differ from the first.
     */
    String toJson() {
        return StorableText.cleaned(JSON.createObjectBuilder()
                .add("type", type.name())
                .add("correlationId", correlationId)
                .add("sessionId", sessionId)
                .add("timestamp", UtcTimestamps.format(Instant.now()))
                .add("data", data)
                .build()
                .toString());
    }

    /** INVENTORY_RELEASED's fields, whether an event or expiry released the units. */
    private static void addReleased(JsonObjectBuilder data, Released released) {
        data.add("items", items(released.units())).add("reason", released.reason());
    }

    private static JsonArrayBuilder items(Map<String, Integer> units) {
        JsonArrayBuilder items = JSON.createArrayBuilder();
        units.forEach((product, quantity) -> items.add(JSON.createObjectBuilder()
                .add("product", product).add("quantity", quantity)));
        return items;
    }

    private static JsonArrayBuilder failedItems(List<Shortfall> shortfalls) {
        JsonArrayBuilder items = JSON.createArrayBuilder();
        shortfalls.forEach(shortfall -> items.add(JSON.createObjectBuilder()
                .add("product", shortfall.product())
                .add("requested", shortfall.requested())
                .add("available", shortfall.available())));
        return items;
    }
}
