package org.sagademo.inventory.clients;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;

/**
 * Saga events as the order and payment services send them (and the envelopes of ours a test records):
 * the one place that builds the contract's envelope.
 */
public final class SagaMessages {

    private SagaMessages() {
    }

    /**
     * An order that skips the demo delay (the test run turns the delay on).
     *
     * @param items alternating product id and quantity: "laptop", 1, "mouse", 2
     */
    public static String orderCreated(String session, String orderId, Object... items) {
        return envelope("ORDER_CREATED", session, order(session, orderId, items).add("skipDemoDelays", true).build());
    }

    /** An order as a person in the demo places it: it waits the demo delay. */
    public static String orderWatched(String session, String orderId, Object... items) {
        return envelope("ORDER_CREATED", session, order(session, orderId, items).build());
    }

    /** An order with the demo's switches, as the front end sends it. */
    public static String orderWithBehaviour(String session, String orderId, String inventoryBehaviour, Object... items) {
        return orderWithBehaviours(session, orderId, inventoryBehaviour, "success", items);
    }

    /** The same, with the payment service's switch too (which the answer passes through to it). */
    public static String orderWithBehaviours(String session, String orderId, String inventoryBehaviour,
                                             String paymentBehaviour, Object... items) {
        return envelope("ORDER_CREATED", session, order(session, orderId, items)
                .add("inventoryBehaviour", inventoryBehaviour)
                .add("paymentBehaviour", paymentBehaviour)
                .add("skipDemoDelays", true)
                .build());
    }

    public static String orderCancelled(String session, String orderId, Object... items) {
        return envelope("ORDER_CANCELLED", session, order(session, orderId, items).add("status", "CANCELLED").build());
    }

    public static String paymentSuccess(String session, String orderId) {
        return envelope("PAYMENT_SUCCESS", session, Json.createObjectBuilder()
                .add("orderId", orderId).add("amount", 99.5).add("transactionId", "tx-" + orderId).build());
    }

    public static String paymentFailed(String session, String orderId, String reason) {
        return envelope("PAYMENT_FAILED", session, Json.createObjectBuilder()
                .add("orderId", orderId).add("reason", reason).build());
    }

    /**
     * The envelope around {@code data}; the correlation id is the saga's, named after the order. A poison
     * message may leave out the type or the session ({@code null}), or name no order.
     */
    public static String envelope(String type, String session, JsonObject data) {
        JsonObjectBuilder envelope = Json.createObjectBuilder();
        if (type != null) {
            envelope.add("type", type);
        }
        if (data.get(data.containsKey("id") ? "id" : "orderId") instanceof JsonString order) {
            envelope.add("correlationId", "saga-" + order.getString());
        }
        if (session != null) {
            envelope.add("sessionId", session);
        }
        return envelope.add("timestamp", "2026-01-01T00:00:00.000Z").add("data", data).build().toString();
    }

    private static JsonObjectBuilder order(String session, String orderId, Object... items) {
        JsonArrayBuilder lines = Json.createArrayBuilder();
        for (int i = 0; i < items.length; i += 2) {
            JsonObjectBuilder line = Json.createObjectBuilder().add("product", (String) items[i]);
            if (items[i + 1] instanceof Long big) {
                line.add("quantity", big);
            } else {
                line.add("quantity", (Integer) items[i + 1]);
            }
            lines.add(line);
        }
        return Json.createObjectBuilder()
                .add("id", orderId)
                .add("sagaId", "saga-" + orderId)
                .add("sessionId", session)
                .add("items", lines)
                .add("status", "PENDING")
                .add("createdAt", "2026-01-01T00:00:00.000Z");
    }
}
