package org.sagademo.inventory.saga;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.sagademo.inventory.inventory.Shortfall;
import org.sagademo.inventory.platform.StorableText;
import org.sagademo.inventory.reservation.ReservationOutcome;
import org.sagademo.inventory.reservation.ReservationOutcome.Anomaly;
import org.sagademo.inventory.reservation.ReservationOutcome.Confirmed;
import org.sagademo.inventory.reservation.ReservationOutcome.Refused;
import org.sagademo.inventory.reservation.ReservationOutcome.Released;
import org.sagademo.inventory.reservation.ReservationOutcome.Reserved;
import org.sagademo.inventory.reservation.ReservationOutcome.Unchanged;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutgoingEventTest {

    private static final String ORDER = """
            {"type":"ORDER_CREATED","correlationId":"saga-1","sessionId":"s1","timestamp":"2026-01-01T00:00:00.000Z",
             "data":{"id":"o1","sessionId":"s1","items":[{"product":"mouse","quantity":1},{"product":"laptop","quantity":2}],
                     "paymentBehaviour":"failure","skipDemoDelays":true,"status":"PENDING"}}""";
    private static final String PAYMENT_FAILED = """
            {"type":"PAYMENT_FAILED","correlationId":"saga-2","sessionId":"s1","data":{"orderId":"o2","reason":"declined"}}""";

    @Test
    void aReservationIsAnsweredWithItsItemsAndTheOrdersDemoSwitches() throws MalformedEvent {
        OutgoingEvent answer = answer(ORDER, new Reserved(new TreeMap<>(Map.of("mouse", 1, "laptop", 2))));

        assertEquals(EventType.INVENTORY_RESERVED, answer.type());
        assertEquals("saga-1", answer.correlationId());
        assertEquals("s1", answer.sessionId());
        assertEquals("o1", answer.orderId());
        assertEquals("o1", answer.data().getString("orderId"));
        assertEquals("[{\"product\":\"laptop\",\"quantity\":2},{\"product\":\"mouse\",\"quantity\":1}]",
                answer.data().getJsonArray("items").toString(), "in product-id order");
        assertEquals("failure", answer.data().getString("paymentBehaviour"));
        assertTrue(answer.data().getBoolean("skipDemoDelays"));
        assertFalse(answer.data().containsKey("inventoryBehaviour"), "only the switches the order has");
        assertFalse(answer.data().containsKey("status"), "nothing else of the order");
    }

    @Test
    void aRefusalNamesTheReasonAndEachShortfall() throws MalformedEvent {
        OutgoingEvent answer = answer(ORDER, new Refused("Insufficient stock: laptop (requested: 2, available: 1)",
                List.of(new Shortfall("laptop", 2, 1), Shortfall.ofUnknownProduct("ghost", 1))));

        assertEquals(EventType.INVENTORY_FAILED, answer.type());
        assertEquals("Insufficient stock: laptop (requested: 2, available: 1)", answer.data().getString("reason"));
        JsonObject ghost = answer.data().getJsonArray("failedItems").getJsonObject(1);
        assertEquals("ghost", ghost.getString("product"));
        assertEquals(1, ghost.getInt("requested"));
        assertEquals(0, ghost.getInt("available"));
        assertFalse(answer.data().containsKey("paymentBehaviour"), "the switches go with a reservation only");
    }

    @Test
    void aReleaseAnswersThePaymentWithTheUnitsGivenBack() throws MalformedEvent {
        OutgoingEvent answer = answer(PAYMENT_FAILED, new Released(new TreeMap<>(Map.of("laptop", 2)), "Payment failed: declined"));

        assertEquals(EventType.INVENTORY_RELEASED, answer.type());
        assertEquals("saga-2", answer.correlationId());
        assertEquals("o2", answer.orderId());
        assertEquals("Payment failed: declined", answer.data().getString("reason"));
        assertEquals(2, answer.data().getJsonArray("items").getJsonObject(0).getInt("quantity"));
    }

    @Test
    void confirmationsAndAnomaliesAreNotAnswered() throws MalformedEvent {
        SagaEvent payment = SagaEvent.parse(PAYMENT_FAILED);
        assertTrue(OutgoingEvent.answering(payment, new Confirmed()).isEmpty());
        assertTrue(OutgoingEvent.answering(payment, new Anomaly("payment for an unknown reservation")).isEmpty());
        assertTrue(OutgoingEvent.answering(payment, new Unchanged()).isEmpty());
    }

    @Test
    void anExpiredReservationIsReleasedUnderItsOrderId() {
        OutgoingEvent expired = OutgoingEvent.expired("s1", "o3", new Released(new TreeMap<>(Map.of("mouse", 4)), "expired"));

        assertEquals(EventType.INVENTORY_RELEASED, expired.type());
        assertEquals("o3", expired.correlationId(), "no incoming event to take it from");
        assertEquals("s1", expired.sessionId());
        assertEquals("expired", expired.data().getString("reason"));
        assertEquals(4, expired.data().getJsonArray("items").getJsonObject(0).getInt("quantity"));
    }

    @Test
    void anUnreadableOrderFailsWithNoItems() {
        OutgoingEvent failed = OutgoingEvent.unreadable(
                new EventIdentity(EventType.ORDER_CREATED, "s1", "c1", "o4"), "quantity is not a number");

        assertEquals(EventType.INVENTORY_FAILED, failed.type());
        assertEquals("c1", failed.correlationId());
        assertEquals("o4", failed.orderId());
        assertEquals("Invalid order event: quantity is not a number", failed.data().getString("reason"));
        assertEquals(0, failed.data().getJsonArray("failedItems").size());
    }

    @Test
    void theRecordedJsonIsTheSagaEnvelopeAndReadsBackAsTheSameEvent() throws MalformedEvent {
        OutgoingEvent answer = answer(ORDER, new Reserved(new TreeMap<>(Map.of("laptop", 2))));
        String json = answer.toJson();

        JsonObject envelope = Json.createReader(new StringReader(json)).readObject();
        assertEquals(List.of("type", "correlationId", "sessionId", "timestamp", "data"), List.copyOf(envelope.keySet()));
        assertEquals("INVENTORY_RESERVED", envelope.getString("type"));
        assertTrue(envelope.getString("timestamp").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
                envelope.getString("timestamp"));
        assertEquals(answer, OutgoingEvent.fromJson(json));
    }

    /** Half a surrogate pair in what an answer passes through goes out as PostgreSQL records it, so a re-send is the same. */
    @Test
    void anAnswerIsTheSameSentAndRecorded() throws MalformedEvent {
        String order = ORDER.replace("\"paymentBehaviour\":\"failure\"", "\"paymentBehaviour\":\"fail\\ud800\"");
        String json = answer(order, new Reserved(new TreeMap<>(Map.of("mouse", 1)))).toJson();
        assertTrue(StorableText.isStorable(json), json);
        assertEquals("fail\uFFFD", Answer.recorded(json, "id").event().data().getString("paymentBehaviour"));
    }

    private static OutgoingEvent answer(String event, ReservationOutcome outcome) throws MalformedEvent {
        return OutgoingEvent.answering(SagaEvent.parse(event), outcome).orElseThrow();
    }
}
