package org.sagademo.inventory.support;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/** Incoming saga events, shaped as the order and payment services send them. */
public final class Events {

    private Events() {
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
        return envelope("ORDER_CREATED", session, order(session, orderId, items)
                .add("inventoryBehaviour", inventoryBehaviour)
                .add("paymentBehaviour", "success")
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

    public static String envelope(String type, String session, JsonObject data) {
        return Json.createObjectBuilder()
                .add("type", type)
                .add("correlationId", "saga-" + data.getString(data.containsKey("id") ? "id" : "orderId"))
                .add("sessionId", session)
                .add("timestamp", "2026-01-01T00:00:00.000Z")
                .add("data", data)
                .build().toString();
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
