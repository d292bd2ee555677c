package org.sagademo.inventory.saga;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sagademo.inventory.clients.Api;
import org.sagademo.inventory.clients.PoisonMessage;
import org.sagademo.inventory.clients.SagaBroker;
import org.sagademo.inventory.clients.SagaBroker.Received;
import org.sagademo.inventory.clients.SagaMessages;
import org.sagademo.inventory.clients.StompPeer;
import org.sagademo.inventory.localstack.Rows;
import org.sagademo.inventory.support.EventsWaitingAtStart;
import org.sagademo.inventory.support.InventoryServiceTest;
import org.sagademo.inventory.support.Outcomes.Count;
import org.sagademo.inventory.support.PrometheusMetrics;
import org.sagademo.inventory.support.RealInfrastructure;
import org.sagademo.inventory.support.SagaPeerTest;

import java.io.StringReader;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.sagademo.inventory.clients.SagaBroker.byOrder;
import static org.sagademo.inventory.clients.SagaMessages.orderCreated;
import static org.sagademo.inventory.support.Eventually.eventually;

/** The message half of the saga contract, through the real broker, database and resource adapter. */
// in this order: the broker is up, and this class's Payara has not booted yet
@ExtendWith({RealInfrastructure.class, EventsWaitingAtStart.class})
@InventoryServiceTest
class SagaIT extends SagaPeerTest {

    SagaIT() {
        super("saga", RealInfrastructure::broker);
    }

    @Test
    void orderCreatedReservesAndPaymentSuccessConfirms() {
        broker.publish(SagaMessages.orderWithBehaviours(session, "o1", "success", "failure", "laptop", 2, "mouse", 1));
        Received reserved = only(broker.receive(session, 1, WAIT));
        assertEquals("INVENTORY_RESERVED", reserved.type());
        assertEquals("o1", reserved.orderId());
        assertEquals("o1", reserved.groupId());
        assertEquals("saga-o1", reserved.correlationId());
        JsonObject envelope = reserved.envelope();
        assertEquals("INVENTORY_RESERVED", envelope.getString("type"));
        assertEquals(session, envelope.getString("sessionId"));
        assertEquals("saga-o1", envelope.getString("correlationId"));
        assertTrue(envelope.getString("timestamp").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        JsonObject data = envelope.getJsonObject("data");
        assertEquals("o1", data.getString("orderId"));
        assertEquals(Map.of("laptop", 2, "mouse", 1), quantities(data.getJsonArray("items")));
        assertEquals("failure", data.getString("paymentBehaviour"));
        assertEquals("success", data.getString("inventoryBehaviour"));
        assertTrue(data.getBoolean("skipDemoDelays"));
        assertEquals(new Rows.Stock(5, 2), rows.stock(session, "laptop"));
        assertEquals("PENDING", rows.reservationStatus(session, "o1"));

        broker.publish(SagaMessages.paymentSuccess(session, "o1"));
        awaitStatus("o1", "CONFIRMED");
        assertEquals(new Rows.Stock(3, 0), rows.stock(session, "laptop"));
        assertEquals(new Rows.Stock(66, 0), rows.stock(session, "mouse"));
        assertNoMoreAnswers("a confirmation emits nothing");
    }

    /** CONFIRMED is final: a failed payment or a cancellation after the payment returns no stock and says nothing. */
    @Test
    void aCompensationAfterThePaymentChangesNothing() {
        broker.publish(orderCreated(session, "o1", "laptop", 2));
        assertEquals("INVENTORY_RESERVED", only(broker.receive(session, 1, WAIT)).type());
        broker.publish(SagaMessages.paymentSuccess(session, "o1"));
        awaitStatus("o1", "CONFIRMED");

        Count cancelled = outcomes.count("ORDER_CANCELLED", "ANOMALY");
        Count failed = outcomes.count("PAYMENT_FAILED", "ANOMALY");
        broker.publish(SagaMessages.orderCancelled(session, "o1", "laptop", 2));
        broker.publish(SagaMessages.paymentFailed(session, "o1", "Refund requested"));
        cancelled.awaitMore(1);
        failed.awaitMore(1);
        assertNoMoreAnswers("no INVENTORY_RELEASED for a paid order");
        assertEquals("CONFIRMED", rows.reservationStatus(session, "o1"));
        assertEquals(new Rows.Stock(3, 0), rows.stock(session, "laptop"), "the paid units stay sold");
    }

    @Test
    void paymentFailedAndOrderCancelledRelease() {
        broker.publish(orderCreated(session, "o1", "laptop", 1));
        broker.publish(orderCreated(session, "o2", "laptop", 3));
        assertEquals(2, broker.receive(session, 2, WAIT).size());
        assertEquals(new Rows.Stock(5, 4), rows.stock(session, "laptop"));

        broker.publish(SagaMessages.paymentFailed(session, "o1", "Card declined"));
        Received released = only(broker.receive(session, 1, WAIT));
        assertEquals("INVENTORY_RELEASED", released.type());
        assertAddressedTo("o1", "saga-o1", released);
        assertEquals(Map.of("laptop", 1), quantities(released.data().getJsonArray("items")));
        assertTrue(released.data().getString("reason").contains("Card declined"));

        broker.publish(SagaMessages.orderCancelled(session, "o2", "laptop", 3));
        Received cancelled = only(broker.receive(session, 1, WAIT));
        assertEquals("INVENTORY_RELEASED", cancelled.type());
        assertAddressedTo("o2", "saga-o2", cancelled);
        assertEquals("Order cancelled", cancelled.data().getString("reason"));
        assertEquals(Map.of("laptop", 3), quantities(cancelled.data().getJsonArray("items")));
        assertEquals("RELEASED", rows.reservationStatus(session, "o1"));
        assertEquals("RELEASED", rows.reservationStatus(session, "o2"));
        assertEquals(new Rows.Stock(5, 0), rows.stock(session, "laptop"));

        Count anomalies = outcomes.count("PAYMENT_FAILED", "ANOMALY");
        broker.publish(SagaMessages.paymentFailed(session, "o2", "Card declined after the cancellation"));
        anomalies.awaitMore(1);
        assertNoMoreAnswers("one answer per event: a released reservation is not released again");
    }

    /**
     * GET /inventory after each event shows what it left, though the answer before it was served from the session's
     * snapshot: a reservation while it is open (PENDING), not once it is confirmed or released.
     */
    @Test
    void theInventoryShowsWhatEachEventLeft() {
        assertEquals(List.of(5, 0, 5), laptop(), "stock, reserved, available after the seed");
        assertEquals(List.of(5, 0, 5), laptop(), "the same, from the snapshot");
        broker.publish(orderCreated(session, "o1", "laptop", 2));
        only(broker.receive(session, 1, WAIT));
        assertEquals(List.of(5, 2, 3), laptop());
        assertEquals(Map.of("o1", 2), openReservationsOfTheLaptop());
        assertEquals("RESERVING", laptopAsServed().getString("reservationStatus"), "some units held, some available");

        broker.publish(SagaMessages.paymentSuccess(session, "o1"));
        awaitStatus("o1", "CONFIRMED");
        assertEquals(List.of(3, 0, 3), laptop());
        assertEquals(Map.of(), openReservationsOfTheLaptop(), "a confirmed reservation is not open");

        assertEquals("NO_RESERVATIONS", laptopAsServed().getString("reservationStatus"));

        broker.publish(orderCreated(session, "o2", "laptop", 3));
        only(broker.receive(session, 1, WAIT));
        assertEquals(Map.of("o2", 3), openReservationsOfTheLaptop());
        assertEquals("RESERVED", laptopAsServed().getString("reservationStatus"), "every unit held");
        broker.publish(SagaMessages.orderCancelled(session, "o2", "laptop", 3));
        only(broker.receive(session, 1, WAIT));
        assertEquals(List.of(3, 0, 3), laptop());
        assertEquals(Map.of(), openReservationsOfTheLaptop(), "a released reservation is not open");
    }

    private JsonObject laptopAsServed() {
        return Api.product(api().get("/inventory", session).json(), "laptop");
    }

    private List<Integer> laptop() {
        JsonObject laptop = laptopAsServed();
        return List.of(laptop.getInt("stock_level"), laptop.getInt("reserved"), laptop.getInt("available"));
    }

    private Map<String, Integer> openReservationsOfTheLaptop() {
        return laptopAsServed().getJsonArray("reservations").getValuesAs(JsonObject.class).stream()
                .collect(Collectors.toMap(line -> line.getString("orderId"), line -> line.getInt("quantity")));
    }

    @Test
    void seedingBelowTheReservedUnitsIsAConflict() {
        broker.publish(orderCreated(session, "o1", "laptop", 3));
        assertEquals("INVENTORY_RESERVED", only(broker.receive(session, 1, WAIT)).type());
        Api.Reply reply = api().post("/inventory/seed", session, "{\"products\":["
                + "{\"id\":\"laptop\",\"name\":\"Laptop\",\"stock_level\":2},"
                + "{\"id\":\"keyboard\",\"name\":\"Keyboard\",\"stock_level\":99}]}"); // upserted before the laptop
        assertEquals(409, reply.status(), reply.body());
        assertTrue(reply.json().asJsonObject().getString("error").contains("laptop"));
        assertEquals(new Rows.Stock(5, 3), rows.stock(session, "laptop"));
        assertEquals(new Rows.Stock(21, 0), rows.stock(session, "keyboard"), "a 409 changes nothing");
    }

    @Test
    void insufficientStockFailsWithReasonAndFailedItems() {
        broker.publish(orderCreated(session, "o1", "laptop", 9));
        Received failed = only(broker.receive(session, 1, WAIT));
        assertEquals("INVENTORY_FAILED", failed.type());
        assertEquals("Insufficient stock: laptop (requested: 9, available: 5)", failed.data().getString("reason"));
        JsonObject item = failed.data().getJsonArray("failedItems").getJsonObject(0);
        assertEquals("laptop", item.getString("product"));
        assertEquals(9, item.getInt("requested"));
        assertEquals(5, item.getInt("available"));
        assertNull(rows.reservationStatus(session, "o1"));
    }

    @Test
    void multiItemOrdersReserveAllOrNothing() {
        // the unknown product sorts last, after the lines that can be covered
        broker.publish(orderCreated(session, "o1", "laptop", 1, "monitor", 100, "zz-ghost", 1));
        Received failed = only(broker.receive(session, 1, WAIT));
        assertEquals("INVENTORY_FAILED", failed.type());
        assertEquals("Unknown product: zz-ghost; Insufficient stock: monitor (requested: 100, available: 15)",
                failed.data().getString("reason"));
        Map<String, JsonObject> items = failed.data().getJsonArray("failedItems").getValuesAs(JsonObject.class).stream()
                .collect(Collectors.toMap(i -> i.getString("product"), Function.identity()));
        assertEquals(Map.of("zz-ghost", 0, "monitor", 15), items.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getInt("available"))));
        assertEquals(new Rows.Stock(5, 0), rows.stock(session, "laptop"), "the satisfiable line was not kept");

        broker.publish(orderCreated(session, "o3", "laptop", 3, "laptop", 3));
        assertEquals("Insufficient stock: laptop (requested: 6, available: 5)",
                only(broker.receive(session, 1, WAIT)).data().getString("reason"), "each line fits; their sum does not");
        broker.publish(orderCreated(session, "o2", "laptop", 2, "laptop", 3, "monitor", 15));
        assertEquals("INVENTORY_RESERVED", only(broker.receive(session, 1, WAIT)).type());
        assertEquals(new Rows.Stock(5, 5), rows.stock(session, "laptop"), "the same product twice counts as the sum");
        assertEquals(new Rows.Stock(15, 15), rows.stock(session, "monitor"));
    }

    /** A reset forgets the session's reservations, open or not, and its events: the same order reserves again. */
    @Test
    void aResetForgetsReservationsAndEventsAndTheSameOrderReservesAgain() {
        broker.publish(orderCreated(session, "open", "laptop", 2));
        broker.publish(orderCreated(session, "paid", "laptop", 1));
        assertEquals(2, broker.receive(session, 2, WAIT).size());
        broker.publish(SagaMessages.paymentSuccess(session, "paid"));
        awaitStatus("paid", "CONFIRMED");

        Api.Reply reset = api().post("/inventory/reset", session, null);
        assertEquals(200, reset.status(), reset.body());
        assertEquals(0, rows.count("reservations", session));
        assertEquals(0, rows.count("reservation_lines", session));
        assertEquals(0, rows.count("processed_events", session));
        assertEquals(new Rows.Stock(5, 0), rows.stock(session, "laptop"), "the catalogue's stock, nothing held");
        JsonObject reservations = api().get("/inventory/stats", session).json().asJsonObject().getJsonObject("reservations");
        assertEquals(0, reservations.getInt("total_reservations"), reservations.toString());

        broker.publish(orderCreated(session, "open", "laptop", 2));
        Received again = only(broker.receive(session, 1, WAIT));
        assertEquals("INVENTORY_RESERVED", again.type(), again.body());
        assertEquals(new Rows.Stock(5, 2), rows.stock(session, "laptop"));
    }

    /** A reset's catalogue may hold fewer units than the session's open reservations: they go first, then the seed. */
    @Test
    void aResetMayLowerTheStockBelowWhatWasReserved() {
        broker.publish(orderCreated(session, "open", "laptop", 3));
        only(broker.receive(session, 1, WAIT));

        Api.Reply reset = api().post("/inventory/reset", session, "{\"products\":[{\"id\":\"laptop\",\"stock_level\":1}]}");
        assertEquals(200, reset.status(), reset.body());
        assertEquals(new Rows.Stock(1, 0), rows.stock(session, "laptop"));
        assertEquals(0, rows.count("reservations", session));
    }

    /**
     * Each answer names its order as its message group. A consumer that lives long (the order service, a shovel) would
     * otherwise leave the broker an entry for every order ever answered: the outgoing queue hashes them into buckets.
     */
    @Test
    void theOutgoingQueueKeepsItsMessageGroupsInBoundedMemory() {
        assertEquals(1024, broker.groupBuckets(SagaBroker.OUTGOING));
    }

    @Test
    void invalidItemsAndDemoFailureAreRefused() {
        broker.publish(orderCreated(session, "zero", "laptop", 0));
        broker.publish(orderCreated(session, "negative", "laptop", -1));
        broker.publish(orderCreated(session, "huge", "laptop", 1_000_000_000_000L));
        broker.publish(orderCreated(session, "empty"));
        broker.publish(SagaMessages.orderWithBehaviour(session, "demo", "failure", "laptop", 1));
        Map<String, Received> answers = byOrder(broker.receive(session, 5, WAIT));
        assertEquals(5, answers.size());
        answers.values().forEach(answer -> assertEquals("INVENTORY_FAILED", answer.type(), answer.body()));
        answers.values().forEach(answer -> assertEquals(JsonValue.EMPTY_JSON_ARRAY, answer.data().getJsonArray("failedItems"),
                "no line is short: " + answer.body()));
        Map<String, String> reasons = answers.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, answer -> answer.getValue().data().getString("reason")));
        assertEquals(Map.of(
                "zero", "Invalid quantity for laptop: 0 (must be 1 to 1000000 per product)",
                "negative", "Invalid quantity for laptop: -1 (must be 1 to 1000000 per product)",
                "huge", "Invalid quantity for laptop: 1000000000000 (must be 1 to 1000000 per product)",
                "empty", "Order has no items",
                "demo", "Simulated inventory failure (inventoryBehaviour: failure)"), reasons);
        assertEquals(new Rows.Stock(5, 0), rows.stock(session, "laptop"));
        assertEquals(0, rows.count("reservations", session));
    }

    /** The demo's "random" fails about half the orders (all 40 alike: one chance in 2^39). */
    @Test
    void theDemosRandomBehaviourFailsSomeOrdersAndReservesTheOthers() {
        assertEquals(200, api().post("/inventory/reset", session, "{\"products\":[{\"id\":\"widget\",\"name\":\"Widget\",\"stock_level\":100}]}").status());
        IntStream.range(0, 40).forEach(i -> broker.publish(SagaMessages.orderWithBehaviour(session, "r" + i, "random", "widget", 1)));
        Map<String, Long> byType = broker.receive(session, 40, WAIT).stream()
                .collect(Collectors.groupingBy(Received::type, Collectors.counting()));
        assertEquals(40, byType.values().stream().mapToLong(Long::longValue).sum(), byType::toString);
        assertTrue(byType.getOrDefault("INVENTORY_RESERVED", 0L) > 0 && byType.getOrDefault("INVENTORY_FAILED", 0L) > 0, byType::toString);
        assertEquals(new Rows.Stock(100, byType.get("INVENTORY_RESERVED").intValue()), rows.stock(session, "widget"));
    }

    @Test
    void aDuplicateDeliveryTakesEffectOnce() {
        deliverTwice(orderCreated(session, "o1", "laptop", 2), "ORDER_CREATED",
                () -> assertEquals("INVENTORY_RESERVED", only(broker.receive(session, 1, WAIT)).type()));
        assertNoMoreAnswers("one INVENTORY_RESERVED");
        assertEquals(new Rows.Stock(5, 2), rows.stock(session, "laptop"));

        deliverTwice(SagaMessages.paymentSuccess(session, "o1"), "PAYMENT_SUCCESS", () -> awaitStatus("o1", "CONFIRMED"));
        assertNoMoreAnswers("a confirmation emits nothing");
        assertEquals(new Rows.Stock(3, 0), rows.stock(session, "laptop"));

        broker.publish(orderCreated(session, "o2", "laptop", 1));
        only(broker.receive(session, 1, WAIT));
        deliverTwice(SagaMessages.paymentFailed(session, "o2", "declined"), "PAYMENT_FAILED",
                () -> assertEquals("INVENTORY_RELEASED", only(broker.receive(session, 1, WAIT)).type()));
        assertNoMoreAnswers("one INVENTORY_RELEASED");
        assertEquals(new Rows.Stock(3, 0), rows.stock(session, "laptop"));
    }

    /** The event published twice: once it has taken effect, the other copy is counted a duplicate. */
    private void deliverTwice(String event, String type, Runnable tookEffect) {
        Count duplicates = outcomes.count(type, "DUPLICATE");
        broker.publish(event);
        broker.publish(event);
        tookEffect.run();
        duplicates.awaitMore(1);
    }

    /** A peer that sends no correlationId (the contract's envelope has one; not every peer fills it in). */
    @Test
    void anEventWithoutACorrelationIdIsAnsweredUnderItsOrderId() {
        JsonObject event = Json.createReader(new StringReader(orderCreated(session, "o1", "mouse", 1))).readObject();
        broker.publish(Json.createObjectBuilder(event).remove("correlationId").build().toString());
        assertAddressedTo("o1", "o1", only(broker.receive(session, 1, WAIT)));
    }

    /** The contract's STOMP peers: a frame with a content-length arrives as bytes, one without as text. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void ordersFromAStompPeerAreAnswered(boolean withContentLength) {
        StompPeer.send(Integer.getInteger("it.broker.port"), SagaBroker.INCOMING, orderCreated(session, "s1", "mouse", 2),
                withContentLength);
        Received answer = only(broker.receive(session, 1, WAIT));
        assertEquals("INVENTORY_RESERVED", answer.type(), answer.body());
        assertEquals(new Rows.Stock(67, 2), rows.stock(session, "mouse"));
    }

    /** A STOMP 1.0 consumer reads the answer's headers as Artemis writes them, unescaped: a peer's line break adds none. */
    @Test
    void aLineBreakInAnIdForgesNoHeaderForAStomp10Consumer() {
        broker.publish(orderCreated(session, "o1\r\nx-forged:order", "mouse", 1)
                .replace("\"saga-o1\\r\\nx-forged:order\"", "\"saga-1\\r\\nx-forged:saga\""));

        String frame = StompPeer.receiveAsStomp10(Integer.getInteger("it.broker.port"), SagaBroker.OUTGOING, session);
        List<String> headers = List.of(frame.substring(0, frame.indexOf("\n\n")).split("\n"));
        assertEquals("MESSAGE", headers.get(0), frame);
        assertTrue(headers.stream().noneMatch(header -> header.startsWith("x-forged")), frame);
        assertTrue(headers.contains("correlation-id:saga-1\ufffd\ufffdx-forged:saga"), frame);
        assertTrue(headers.contains("orderId:o1\ufffd\ufffdx-forged:order"), frame);
        assertTrue(frame.contains("\"orderId\":\"o1\\r\\nx-forged:order\""), "the body keeps the id as sent: " + frame);
    }

    @Test
    void anEventAppliedBeforeGetsItsRecordedAnswerIfThatNeverLeft() {
        // the event's transaction committed (key, answer, answer id), but its answer never reached the broker
        String event = orderCreated(session, "o1", "laptop", 2);
        String answer = SagaMessages.envelope("INVENTORY_RESERVED", session, Json.createObjectBuilder()
                .add("orderId", "o1").add("items", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("product", "laptop").add("quantity", 2))).build());
        rows.recordProcessed(session, "ORDER_CREATED:o1", "inventory-answer:" + UUID.randomUUID(), answer);
        Count duplicates = outcomes.count("ORDER_CREATED", "DUPLICATE");
        Count rolledBack = outcomes.count("ORDER_CREATED", "ROLLED_BACK");
        broker.publish(event);

        Received again = only(broker.receive(session, 1, WAIT));
        // not re-sent by its first delivery, while the answer of the delivery that applied it may still be in flight:
        // that one goes back to the broker, a duplicate as much as its redelivery, not a failure
        duplicates.awaitMore(2);
        rolledBack.assertNoMore();
        assertEquals("INVENTORY_RESERVED", again.type());
        assertEquals("o1", again.orderId());
        assertEquals(2, again.data().getJsonArray("items").getJsonObject(0).getInt("quantity"));
        assertEquals(new Rows.Stock(5, 0), rows.stock(session, "laptop"), "the effect is not applied again");

        duplicates = outcomes.count("ORDER_CREATED", "DUPLICATE");
        broker.publish(event);
        duplicates.awaitMore(1);
        assertNoMoreAnswers("once the answer is out, the broker drops a copy");
    }

    /**
     * A copy of a paid order's ORDER_CREATED, late (a peer publishing again after a reconnect, an operator's replay):
     * the payment followed the INVENTORY_RESERVED, so it was heard, and the broker may have forgotten its id by now.
     */
    @Test
    void aLateCopyOfAPaidOrderIsNotAnsweredAgain() {
        String order = orderCreated(session, "o1", "laptop", 2);
        broker.publish(order);
        assertEquals("INVENTORY_RESERVED", only(broker.receive(session, 1, WAIT)).type());
        Count confirmed = outcomes.count("PAYMENT_SUCCESS", "CONFIRMED");
        broker.publish(SagaMessages.paymentSuccess(session, "o1"));
        confirmed.awaitMore(1);
        rows.renewAnswerId(session, "ORDER_CREATED:o1");

        Count duplicates = outcomes.count("ORDER_CREATED", "DUPLICATE");
        broker.publish(order);
        duplicates.awaitMore(1);
        assertNoMoreAnswers("a second INVENTORY_RESERVED for a paid order could be paid again");
        assertEquals(new Rows.Stock(3, 0), rows.stock(session, "laptop"));
    }

    @Test
    void aFailureAfterTheCommitBeforeTheAnswerIsAnsweredOnceByTheRedelivery() {
        // the first delivery commits its reservation and fails before sending; the message comes back
        broker.publish(SagaMessages.orderWithBehaviour(session, "o1", "crash-before-answer", "laptop", 2));
        Received answer = only(broker.receive(session, 1, WAIT));
        assertEquals("INVENTORY_RESERVED", answer.type());
        assertEquals("o1", answer.orderId());
        assertNoMoreAnswers("answered once");
        assertEquals(new Rows.Stock(5, 2), rows.stock(session, "laptop"), "reserved once");
        assertEquals("PENDING", rows.reservationStatus(session, "o1"));
    }

    /**
     * The order's answer could not go in its first deliveries, and its cancellation came meanwhile. The fourth delivery
     * comes 0.7 s after the first (the tests' redelivery delays): a machine too busy to handle the cancellation by then
     * answers the order first, as it may, and the test tries with another order.
     */
    @Test
    void aReservationReleasedBeforeItsAnswerCouldGoIsNotAnnouncedAfterTheRelease() {
        for (int attempt = 1; attempt <= 3; attempt++) {
            String order = "o" + attempt;
            broker.publish(SagaMessages.orderWithBehaviour(session, order, "crash-before-answer-3", "laptop", 2));
            awaitStatus(order, "PENDING");
            broker.publish(SagaMessages.orderCancelled(session, order, "laptop", 2));
            Received first = only(broker.receive(session, 1, WAIT));
            assertEquals(order, first.orderId());
            if (first.type().equals("INVENTORY_RELEASED")) {
                assertEquals(new Rows.Stock(5, 0), rows.stock(session, "laptop"));
                assertNoMoreAnswers("no INVENTORY_RESERVED after its release");
                return;
            }
            assertEquals("INVENTORY_RESERVED", first.type());
            assertEquals("INVENTORY_RELEASED", only(broker.receive(session, 1, WAIT)).type(), "then its cancellation's");
        }
        fail("no cancellation was handled before its order's fourth delivery, in three tries");
    }

    @Test
    void aReservationThatCannotBeReleasedDoesNotHoldBackTheExpiryOfYoungerOnes() {
        broker.publish(orderCreated(session, "stuck", "laptop", 2));
        broker.publish(orderCreated(session, "slow-payer", "mouse", 1));
        assertEquals(List.of("INVENTORY_RESERVED", "INVENTORY_RESERVED"), broker.receive(session, 2, WAIT).stream().map(Received::type).toList());
        try {
            rows.setReserved(session, "laptop", 0); // the stuck order's units are gone: its release fails every time
            assertEquals(List.of("laptop"), rows.invariantViolations(session), "units held that the product does not count");
            rows.age(session, "stuck", Duration.ofMinutes(20));
            rows.age(session, "slow-payer", Duration.ofMinutes(16));

            Received released = only(broker.receive(session, 1, 40_000));
            assertEquals("slow-payer", released.orderId(), "expiry goes on past the oldest, which it cannot release");
            assertEquals("PENDING", rows.reservationStatus(session, "stuck"));
            awaitOutboxRound();
            assertNoMoreAnswers("the younger one released once, the stuck one not at all");
        } finally {
            api().post("/inventory/reset", session, null);
        }
    }

    /**
     * Payara gave a timer up after a delivery and its retry failed, counting one failed when a statement in it failed,
     * even one the round caught: two failed rounds stopped expiry until the next start.
     */
    @Test
    void expiryGoesOnAfterRoundsThatFailed() throws Exception {
        broker.publish(orderCreated(session, "late-payer", "mouse", 1));
        assertEquals("INVENTORY_RESERVED", only(broker.receive(session, 1, WAIT)).type());
        rows.renameTable("reservations", "reservations_away");
        try {
            Thread.sleep(35_000); // two rounds or more, every 15 s, each failing on the table
        } finally {
            rows.renameTable("reservations_away", "reservations");
        }
        rows.age(session, "late-payer", Duration.ofMinutes(20));
        Received released = only(broker.receive(session, 1, 40_000));
        assertEquals("late-payer", released.orderId());
        assertEquals("expired", released.data().getString("reason"));
    }

    @Test
    void aReservationHeldPastItsTimeToLiveIsReleasedAsExpired() {
        broker.publish(orderCreated(session, "slow-payer", "laptop", 2));
        assertEquals("INVENTORY_RESERVED", only(broker.receive(session, 1, WAIT)).type());
        PrometheusMetrics metrics = new PrometheusMetrics(service());
        Map<String, String> expiries = Map.of("change", "expired");
        double expiredBefore = metrics.value("inventory_reservations_total", expiries);
        Count expiryAnswers = outcomes.count("RESERVATION_TTL", "INVENTORY_RELEASED");
        rows.age(session, "slow-payer", Duration.ofMinutes(16));

        Received released = only(broker.receive(session, 1, 40_000));
        assertEquals("INVENTORY_RELEASED", released.type());
        assertAddressedTo("slow-payer", "slow-payer", released); // no event of the saga's: correlated by the order
        assertEquals("expired", released.data().getString("reason"));
        assertEquals(2, released.data().getJsonArray("items").getJsonObject(0).getInt("quantity"));
        assertEquals("RELEASED", rows.reservationStatus(session, "slow-payer"));
        assertEquals(new Rows.Stock(5, 0), rows.stock(session, "laptop"));
        expiryAnswers.awaitMore(1);
        assertTrue(metrics.value("inventory_reservations_total", expiries) >= expiredBefore + 1, "counted as expired");

        Count anomalies = outcomes.count("PAYMENT_SUCCESS", "ANOMALY");
        Count cancellations = outcomes.count("ORDER_CANCELLED", "ANOMALY");
        broker.publish(SagaMessages.paymentSuccess(session, "slow-payer"));
        broker.publish(SagaMessages.orderCancelled(session, "slow-payer", "laptop", 2));
        anomalies.awaitMore(1);
        cancellations.awaitMore(1);
        awaitOutboxRound();
        assertNoMoreAnswers("released once: a payment or a cancellation after expiry changes nothing and says nothing");
        assertEquals(new Rows.Stock(5, 0), rows.stock(session, "laptop"));
    }

    /**
     * The expiry's INVENTORY_RELEASED has no listener in the original saga: an order that comes again after it (its
     * answer's send failed until then, or a copy) fails, once, rather than hear INVENTORY_RESERVED of units not held.
     */
    @Test
    void anOrderThatComesAgainAfterItsReservationExpiredFailsOnce() {
        String order = orderCreated(session, "late-copy", "laptop", 2);
        broker.publish(order);
        assertEquals("INVENTORY_RESERVED", only(broker.receive(session, 1, WAIT)).type());
        rows.age(session, "late-copy", Duration.ofMinutes(16));
        assertEquals("INVENTORY_RELEASED", only(broker.receive(session, 1, 40_000)).type());

        broker.publish(order);
        Received failed = only(broker.receive(session, 1, WAIT));
        assertEquals("INVENTORY_FAILED", failed.type());
        assertEquals("late-copy", failed.orderId());
        assertEquals("Reservation expired before the order was paid", failed.data().getString("reason"));
        broker.publish(order);
        awaitOutboxRound();
        assertNoMoreAnswers("failed once: the second copy's answer has the same id; released once");
        assertEquals(new Rows.Stock(5, 0), rows.stock(session, "laptop"));
    }

    /** Its duplicate id is its own, not the outbox row's: a database re-created under the same broker uses those again. */
    @Test
    void anExpiryIsAnsweredWhenTheOutboxUsesAnIdAgain() {
        broker.publish(orderCreated(session, "first", "laptop", 1));
        broker.publish(orderCreated(session, "second", "mouse", 1));
        assertEquals(2, broker.receive(session, 2, WAIT).size());
        rows.age(session, "first", Duration.ofMinutes(16));
        assertEquals("first", only(broker.receive(session, 1, 40_000)).orderId());

        rows.reuseLastOutboxId();
        rows.age(session, "second", Duration.ofMinutes(16));
        Received second = only(broker.receive(session, 1, 40_000));
        assertEquals("INVENTORY_RELEASED", second.type());
        assertEquals("second", second.orderId());
        awaitOutboxRound();
        assertNoMoreAnswers("each expiry answered once");
    }

    /**
     * A reset forgets the session's events still waiting to be sent (an expiry while the broker was away), and those a
     * batch is sending (which it would give back if its send failed): sent after it, such an event would read as news of
     * the same order sent again.
     */
    @Test
    void aResetForgetsTheEventsWaitingToBeSent() {
        broker.publish(orderCreated(session, "waiting", "laptop", 1));
        assertEquals("INVENTORY_RESERVED", only(broker.receive(session, 1, WAIT)).type());
        broker.publish(SagaMessages.paymentFailed(session, "waiting", "card declined"));
        String released = only(broker.receive(session, 1, WAIT)).body();
        awaitOutboxRound();
        rows.waitingInOutbox(session, released);
        rows.sendingFromOutbox(session, List.of(released));
        assertEquals(200, api().post("/inventory/reset", session, null).status());
        assertEquals(0, rows.count("outbox", session), "neither the waiting event nor the one being sent is left");
        awaitOutboxRound();
        assertNoMoreAnswers("the reset forgot the event waiting to be sent");
    }

    /** A round sends all that waits, a batch after another, not one batch per round: the next round is 15 s away. */
    @Test
    void anOutboxRoundSendsAllThatWaits() {
        String waiting = "outbox-" + UUID.randomUUID();
        int events = 120;
        rows.waitingInOutbox(waiting, IntStream.range(0, events).mapToObj(i -> expired(waiting, "o" + i)).toList());
        assertEquals(1, broker.receive(waiting, 1, 40_000).size(), "a round began");
        assertEquals(events - 1, broker.receive(waiting, events - 1, 10_000).size(), "the rest in the same round");
        awaitOutboxRound();
        assertEquals(List.of(), broker.receiveNow(waiting), "each sent once");
    }

    /**
     * What an operator alerts on while the broker refuses sends: the events the outbox holds, a batch in flight included,
     * as the next round counts them.
     */
    @Test
    void theEventsWaitingInTheOutboxAreAGauge() {
        String waiting = "outbox-" + UUID.randomUUID();
        rows.sendingFromOutbox(waiting, List.of(expired(waiting, "o1"), expired(waiting, "o2"), expired(waiting, "o3")));
        try {
            PrometheusMetrics metrics = new PrometheusMetrics(service());
            Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertTrue(metrics.value("inventory_outbox_events_waiting", Map.of()) >= 3, "the three, and any others"));
        } finally {
            rows.forget("outbox", waiting);
        }
    }

    /** A row no round could send (it cannot be read) is dropped, not left to hold back the rows claimed with it. */
    @Test
    void anUnreadableOutboxRowIsDroppedAndTheRestSent() {
        String waiting = "outbox-" + UUID.randomUUID();
        rows.waitingInOutbox(waiting, List.of("{}", expired(waiting, "o1"), expired(waiting, "o2")));
        assertEquals(2, broker.receive(waiting, 2, 40_000).size(), "the readable ones");
        eventually().untilAsserted(() -> assertEquals(0, rows.count("outbox", waiting), "the unreadable one dropped"));
    }

    /** An expiry's INVENTORY_RELEASED as the outbox holds it. */
    private static String expired(String session, String order) {
        return ("{\"type\":\"INVENTORY_RELEASED\",\"correlationId\":\"%s\",\"sessionId\":\"%s\","
                + "\"timestamp\":\"2026-12-06T00:00:00.000Z\",\"data\":{\"orderId\":\"%s\",\"items\":[],"
                + "\"reason\":\"expired\"}}").formatted(order, session, order);
    }

    /** Until a round of the outbox has sent an event of a session of its own: the next round is 15 s away. */
    private void awaitOutboxRound() {
        String probe = "probe-" + UUID.randomUUID();
        rows.waitingInOutbox(probe, expired(probe, "o1"));
        assertEquals(1, broker.receive(probe, 1, 40_000).size(), "the outbox's rounds send what waits");
    }

    @Test
    void metricsCountEventsByTypeAndOutcomeReservationsAndDeadLetters() {
        PrometheusMetrics metrics = new PrometheusMetrics(service());
        Map<String, String> reserved = Map.of("type", "ORDER_CREATED", "outcome", "INVENTORY_RESERVED");
        Map<String, String> created = Map.of("change", "created");
        double reservedBefore = metrics.value("inventory_events_total", reserved);
        double createdBefore = metrics.value("inventory_reservations_total", created);
        double confirmedBefore = metrics.value("inventory_reservations_total", Map.of("change", "confirmed"));
        double deadBefore = metrics.value("inventory_dead_letters_total", Map.of());
        double timedBefore = metrics.value("inventory_event_processing_seconds_count", Map.of("type", "ORDER_CREATED"));

        broker.publish(orderCreated(session, "m1", "mouse", 1));
        broker.publish(orderCreated(session, "m2", "mouse", 1));
        assertEquals(2, broker.receive(session, 2, WAIT).size());
        broker.publish(SagaMessages.paymentSuccess(session, "m1"));
        awaitStatus("m1", "CONFIRMED");
        broker.publish("{not json");

        // each event is counted once its transaction has ended, a moment after its row or answer is seen
        eventually().untilAsserted(() -> {
            assertEquals(reservedBefore + 2, metrics.value("inventory_events_total", reserved));
            assertEquals(createdBefore + 2, metrics.value("inventory_reservations_total", created));
            assertEquals(confirmedBefore + 1, metrics.value("inventory_reservations_total", Map.of("change", "confirmed")));
            assertEquals(deadBefore + 1, metrics.value("inventory_dead_letters_total", Map.of()));
            assertTrue(metrics.value("inventory_event_processing_seconds_count", Map.of("type", "ORDER_CREATED")) >= timedBefore + 2,
                    "processing time recorded per event");
        });
    }

    /** What an operator alerts on for consumers lost in part: the broker's own counts of the incoming queue. */
    @Test
    void theBrokersCountsOfTheIncomingQueueAreGauges() {
        PrometheusMetrics metrics = new PrometheusMetrics(service());
        int consumers = broker.consumerCount(SagaBroker.INCOMING);
        assertTrue(consumers > 0, "the deployment consumes");
        // each scrape starts a look at the queue and reads the last one to finish
        eventually().untilAsserted(() -> {
            assertEquals(consumers, metrics.value("inventory_incoming_queue_consumers", Map.of()),
                    () -> "liveness says " + api().send(HttpRequest.newBuilder(service().resolve("/health/live"))).body());
            assertEquals(0, metrics.value("inventory_incoming_queue_events_waiting", Map.of()));
        });
    }

    @Test
    void aFailureAfterTheWritesLeavesNothingAndIsRedelivered() throws Exception {
        String marker = "crash-" + session;
        broker.publish(SagaBroker.INCOMING, s -> tagged(s.createTextMessage(
                SagaMessages.orderWithBehaviour(session, "crash", "crash-after-write", "laptop", 1)), marker));
        Received dead = only(broker.receive(SagaBroker.DEAD_LETTERS, "marker = '" + marker + "'", 1, WAIT));
        assertEquals(SagaBroker.INCOMING, dead.message().getStringProperty("_AMQ_ORIG_ADDRESS"),
                "moved by the broker after its bounded redeliveries");
        assertNoMoreAnswers("no outgoing event");
        assertNull(rows.reservationStatus(session, "crash"));
        assertEquals(0, rows.count("reservation_lines", session));
        assertEquals(0, rows.count("processed_events", session));
        assertEquals(new Rows.Stock(5, 0), rows.stock(session, "laptop"));
    }

    /**
     * A delivery that fails while it is applied (here its update waits on a row lock past the 5 s socket timeout) rolls
     * back, is counted and logged as such under its event, and the redelivery reserves once. The statement the service
     * gave up on does not wait on in the database, holding a connection slot, beside the redelivery's.
     */
    @Test
    void aDeliveryThatFailsWhileItIsAppliedIsCountedRolledBackAndRedelivered() throws Exception {
        Count rolledBack = outcomes.count("ORDER_CREATED", "ROLLED_BACK");
        try (Connection seller = rows.transaction()) {
            Rows.lockProduct(seller, session, "laptop");
            broker.publish(orderCreated(session, "o1", "laptop", 1));
            rolledBack.awaitMore(2); // the two statements given up on would wait on for as long as the lock is held
            eventually().alias("the redelivery's statement alone waiting on the laptop's row")
                    .until(() -> rows.productStatementsWaiting() <= 1);
            seller.rollback();
        }
        assertEquals("INVENTORY_RESERVED", only(broker.receive(session, 1, WAIT)).type());
        assertNoMoreAnswers("reserved once");
        assertEquals(new Rows.Stock(5, 1), rows.stock(session, "laptop"));
    }

    /**
     * An order that meets the database stopped, for longer than the tests' broker takes to give up on a message (five
     * deliveries in about a second), waits for it: reserved and answered once it is back, and not dead-lettered.
     */
    @Test
    void anOrderThatMeetsTheDatabaseStoppedWaitsForIt() throws Exception {
        String marker = "outage-" + session;
        RealInfrastructure.withTheDatabaseStopped(() -> {
            broker.publish(SagaBroker.INCOMING, s -> tagged(s.createTextMessage(orderCreated(session, "o1", "laptop", 2)), marker));
            eventually().alias("the order in the service's hands").until(() -> broker.deliveringCount(SagaBroker.INCOMING) > 0);
            Thread.sleep(3_000); // past the five deliveries
            assertEquals(1, broker.deliveringCount(SagaBroker.INCOMING), "still in the service's hands, not given up on");
        });
        Received reserved = only(broker.receive(session, 1, WAIT));
        assertEquals("INVENTORY_RESERVED", reserved.type());
        assertEquals(new Rows.Stock(5, 2), rows.stock(session, "laptop"));
        assertEquals(List.of(), broker.receiveNow(SagaBroker.DEAD_LETTERS, "marker = '" + marker + "'"), "not dead-lettered");
    }

    @ParameterizedTest
    @MethodSource("org.sagademo.inventory.clients.PoisonMessage#all")
    void aPoisonMessageMeetsItsFateAndTheQueueKeepsFlowing(PoisonMessage poison) throws JMSException {
        String marker = "poison-" + session;
        Count unreadable = outcomes.count("UNREADABLE", "DEAD_LETTERED");
        broker.publish(SagaBroker.INCOMING, poison.in(session, marker));
        broker.publish(orderCreated(session, "good", "laptop", 1));

        Map<String, Received> answers = byOrder(broker.receive(session, poison.fate().failed() ? 2 : 1, WAIT));
        assertEquals("INVENTORY_RESERVED", answers.get("good").type());
        if (poison.fate().failed()) {
            Received failed = answers.get(poison.orderId());
            assertEquals("INVENTORY_FAILED", failed.type(), answers.toString());
            assertAddressedTo(poison.orderId(), poison.correlationId(), failed);
            String reason = failed.data().getString("reason");
            assertEquals(poison.fate().deadLettered(), reason.startsWith("Invalid order event: "), reason);
            if (poison.fate().deadLettered()) {
                assertEquals(JsonValue.EMPTY_JSON_ARRAY, failed.data().getJsonArray("failedItems"), "nothing it could read to fail");
            }
        }
        String dead = PoisonMessage.MARKER + " = '" + marker + "'";
        if (poison.fate() == PoisonMessage.Fate.MOVED_BY_THE_BROKER) {
            Received moved = only(broker.receive(SagaBroker.DEAD_LETTERS, dead, 1, WAIT));
            assertEquals(SagaBroker.INCOMING, moved.message().getStringProperty("_AMQ_ORIG_ADDRESS"), "moved by the broker");
            unreadable.assertNoMore(); // never delivered to the service: the good order after it has been answered
        } else if (poison.fate().deadLettered()) {
            Received copy = only(broker.receive(SagaBroker.DEAD_LETTERS, dead, 1, WAIT));
            assertNull(copy.message().getStringProperty("_AMQ_ORIG_ADDRESS"),
                    "copied by the service at once, not moved by the broker after every redelivery failed");
            unreadable.awaitMore(1);
        }
        assertNoMoreAnswers("one answer for each order");
        assertEquals(List.of(), broker.receiveNow(SagaBroker.DEAD_LETTERS, dead), "dead-lettered once, if at all");
        assertEquals(new Rows.Stock(5, 1), rows.stock(session, "laptop"), "only the good order reserved");
    }

    /** A reset forgets an order failed as unreadable, as it forgets every event: the same order sent again is failed again. */
    @Test
    void anUnreadableOrderSentAgainAfterAResetIsAnsweredAgain() {
        PoisonMessage unreadable = poison("items not an array");
        broker.publish(SagaBroker.INCOMING, unreadable.in(session, "first-" + session));
        assertEquals("INVENTORY_FAILED", only(broker.receive(session, 1, WAIT)).type());
        assertEquals(200, api().post("/inventory/reset", session, null).status());

        broker.publish(SagaBroker.INCOMING, unreadable.in(session, "again-" + session));
        Received again = only(broker.receive(session, 1, WAIT));
        assertEquals("INVENTORY_FAILED", again.type());
        assertEquals(unreadable.orderId(), again.orderId());
    }

    /** An unreadable copy of an order applied before is a duplicate: dead-lettered, and no failure beside the order's answer. */
    @Test
    void anUnreadableCopyOfAnAppliedOrderIsNotAnsweredBesideIt() {
        PoisonMessage unreadable = poison("items not an array");
        broker.publish(orderCreated(session, unreadable.orderId(), "laptop", 1));
        assertEquals("INVENTORY_RESERVED", only(broker.receive(session, 1, WAIT)).type());

        String marker = "copy-" + session;
        broker.publish(SagaBroker.INCOMING, unreadable.in(session, marker));
        assertEquals(1, broker.receive(SagaBroker.DEAD_LETTERS, PoisonMessage.MARKER + " = '" + marker + "'", 1, WAIT).size());
        assertNoMoreAnswers("the order's INVENTORY_RESERVED stands alone");
        assertEquals(new Rows.Stock(5, 1), rows.stock(session, "laptop"));
    }

    /** An unreadable order, then a readable copy of it: the order's first answer stands, and the copy holds nothing. */
    @Test
    void aReadableCopyOfAnOrderFailedAsUnreadableIsNotReserved() {
        PoisonMessage unreadable = poison("items not an array");
        broker.publish(SagaBroker.INCOMING, unreadable.in(session, "first-" + session));
        assertEquals("INVENTORY_FAILED", only(broker.receive(session, 1, WAIT)).type());

        Count duplicates = outcomes.count("ORDER_CREATED", "DUPLICATE");
        broker.publish(orderCreated(session, unreadable.orderId(), "laptop", 1));
        duplicates.awaitMore(1);
        assertNoMoreAnswers("the order's INVENTORY_FAILED stands alone: no INVENTORY_RESERVED after it");
        assertNull(rows.reservationStatus(session, unreadable.orderId()));
        assertEquals(new Rows.Stock(5, 0), rows.stock(session, "laptop"));
    }

    /** An unreadable payment is failed apart from the payment: the readable one that follows still confirms. */
    @Test
    void anUnreadablePaymentDoesNotStopTheReadableOne() {
        broker.publish(orderCreated(session, "o1", "laptop", 1));
        assertEquals("INVENTORY_RESERVED", only(broker.receive(session, 1, WAIT)).type());
        broker.publish(SagaMessages.envelope("PAYMENT_SUCCESS", session,
                Json.createObjectBuilder().add("orderId", "o1").add("sessionId", "someone-else").build()));
        assertEquals("INVENTORY_FAILED", only(broker.receive(session, 1, WAIT)).type());

        Count confirmed = outcomes.count("PAYMENT_SUCCESS", "CONFIRMED");
        broker.publish(SagaMessages.paymentSuccess(session, "o1"));
        confirmed.awaitMore(1);
        assertEquals("CONFIRMED", rows.reservationStatus(session, "o1"));
        assertEquals(new Rows.Stock(4, 0), rows.stock(session, "laptop"));
    }

    private static PoisonMessage poison(String name) {
        return PoisonMessage.all().stream().filter(poison -> poison.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void bytesMessagesFromOtherProtocolsAreRead() {
        broker.publish(SagaBroker.INCOMING, s -> SagaBroker.bytes(s, orderCreated(session, "o1", "mouse", 4)));
        assertEquals("INVENTORY_RESERVED", only(broker.receive(session, 1, WAIT)).type());
        assertEquals(new Rows.Stock(67, 4), rows.stock(session, "mouse"));
        // with a byte order mark before the JSON, as .NET's serializers write one: no part of the JSON
        broker.publish(SagaBroker.INCOMING, s -> SagaBroker.bytes(s, "\uFEFF" + orderCreated(session, "o2", "mouse", 1)));
        assertEquals("INVENTORY_RESERVED", only(broker.receive(session, 1, WAIT)).type());
        assertEquals(new Rows.Stock(67, 5), rows.stock(session, "mouse"));
    }

    /** The order service may compensate an order this service refused: nothing was held, and nothing counts as released. */
    @ParameterizedTest
    @ValueSource(strings = {"ORDER_CANCELLED", "PAYMENT_FAILED"})
    void aCompensationAfterARefusedOrderReleasesNothingAndCountsNoReservation(String compensation) {
        broker.publish(orderCreated(session, "refused", "laptop", 9));
        assertEquals("INVENTORY_FAILED", only(broker.receive(session, 1, WAIT)).type());
        PrometheusMetrics metrics = new PrometheusMetrics(service());
        Map<String, String> releases = Map.of("change", "released");
        double releasedBefore = metrics.value("inventory_reservations_total", releases);
        Count answered = outcomes.count(compensation, "INVENTORY_RELEASED");
        broker.publish(compensation.equals("ORDER_CANCELLED") ? SagaMessages.orderCancelled(session, "refused", "laptop", 9)
                : SagaMessages.paymentFailed(session, "refused", "Card declined"));
        Received released = only(broker.receive(session, 1, WAIT));
        assertEquals("INVENTORY_RELEASED", released.type());
        assertEquals(0, released.data().getJsonArray("items").size());
        assertNull(rows.reservationStatus(session, "refused"));
        assertEquals(0, rows.count("reservations", session), "the stats count no released reservation");
        assertEquals(new Rows.Stock(5, 0), rows.stock(session, "laptop"));
        answered.awaitMore(1);
        assertEquals(releasedBefore, metrics.value("inventory_reservations_total", releases), "nor do the metrics");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ORDER_CANCELLED", "PAYMENT_FAILED"})
    void aCompensationBeforeItsOrderBarsTheOrder(String compensation) {
        broker.publish(compensation.equals("ORDER_CANCELLED") ? SagaMessages.orderCancelled(session, "early", "laptop", 1)
                : SagaMessages.paymentFailed(session, "early", "Card declined"));
        Received released = only(broker.receive(session, 1, WAIT));
        assertEquals("INVENTORY_RELEASED", released.type());
        assertEquals(0, released.data().getJsonArray("items").size());
        assertEquals("RELEASED", rows.reservationStatus(session, "early"));

        broker.publish(orderCreated(session, "early", "laptop", 1));
        assertEquals("INVENTORY_FAILED", only(broker.receive(session, 1, WAIT)).type());
        assertEquals(new Rows.Stock(5, 0), rows.stock(session, "laptop"));

        Count anomalies = outcomes.count("PAYMENT_SUCCESS", "ANOMALY");
        broker.publish(SagaMessages.paymentSuccess(session, "early"));
        broker.publish(SagaMessages.paymentSuccess(session, "never-ordered"));
        anomalies.awaitMore(2);
        assertNoMoreAnswers("anomalies emit nothing");
        assertEquals("RELEASED", rows.reservationStatus(session, "early"));
        assertEquals(new Rows.Stock(5, 0), rows.stock(session, "laptop"));
    }

    @Test
    void eventsWaitingWhileTheServiceWasDownAreAnswered() {
        List<Received> answers = broker.receive(EventsWaitingAtStart.SESSION, EventsWaitingAtStart.COUNT, WAIT);
        assertEquals(EventsWaitingAtStart.COUNT, byOrder(answers).size(), "one answer per order");
        answers.forEach(answer -> {
            assertEquals("INVENTORY_FAILED", answer.type());
            assertEquals("Unknown product: laptop", answer.data().getString("reason"), "no such product in that session");
        });
        awaitIncomingHandled();
        assertEquals(List.of(), broker.receiveNow(SagaBroker.DEAD_LETTERS,
                "marker = '" + EventsWaitingAtStart.SESSION + "'"), "nothing dead-lettered");
    }

    @Test
    void theDemoDelayPausesOrdersUnlessTheySkipIt() throws JMSException {
        long start = System.currentTimeMillis();
        broker.publish(SagaMessages.orderWatched(session, "watched", "laptop", 1));
        broker.publish(orderCreated(session, "hurried", "laptop", 1));
        List<Received> answers = broker.receive(session, 2, WAIT);
        assertEquals(List.of("hurried", "watched"), answers.stream().map(Received::orderId).toList(),
                "the order that skips the delay is answered first, though published second");
        answers.forEach(answer -> assertEquals("INVENTORY_RESERVED", answer.type()));
        assertTrue(answers.get(1).message().getJMSTimestamp() - start >= 1_500, "the watched order's answer was sent after the 1.5 s delay");
        assertEquals(new Rows.Stock(5, 2), rows.stock(session, "laptop"));
    }

    /**
     * Nothing is held while an order waits out the delay: a cancellation meanwhile is applied first, and bars it. A
     * machine too busy to handle the cancellation within the 1.5 s answers the order first, as it may, and the test
     * tries with another order.
     */
    @Test
    void aCancellationDuringTheDemoDelayComesFirstAndTheOrderIsRefused() {
        for (int attempt = 1; attempt <= 3; attempt++) {
            String order = "watched-" + attempt;
            broker.publish(SagaMessages.orderWatched(session, order, "laptop", 1));
            broker.publish(SagaMessages.orderCancelled(session, order, "laptop", 1));
            List<Received> answers = broker.receive(session, 2, WAIT);
            List<String> types = answers.stream().map(Received::type).toList();
            if (types.equals(List.of("INVENTORY_RESERVED", "INVENTORY_RELEASED"))) {
                continue;
            }
            assertEquals(List.of("INVENTORY_RELEASED", "INVENTORY_FAILED"), types);
            assertEquals(0, answers.get(0).data().getJsonArray("items").size(), "nothing was held to release");
            assertAddressedTo(order, "saga-" + order, answers.get(1));
            assertEquals(new Rows.Stock(5, 0), rows.stock(session, "laptop"));
            assertEquals("RELEASED", rows.reservationStatus(session, order));
            return;
        }
        fail("no cancellation was handled during its order's demo delay, in three tries");
    }

    @Test
    void concurrentOrdersNeverOversell() throws Exception {
        assertEquals(200, api().post("/inventory/seed", session,
                "{\"products\":[{\"id\":\"laptop\",\"name\":\"Laptop\",\"stock_level\":20}]}").status());
        ExecutorService publishers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> published = IntStream.range(0, 500).<Future<?>>mapToObj(i -> publishers.submit(() -> {
                try (SagaBroker client = RealInfrastructure.broker()) {
                    client.publish(orderCreated(session, "c" + i, "laptop", 1));
                }
                return null;
            })).toList();
            for (Future<?> publish : published) {
                publish.get(60, TimeUnit.SECONDS); // a publish that failed, named, not an answer missing
            }
        } finally {
            publishers.shutdownNow();
        }

        List<Received> answers = broker.receive(session, 500, 120_000);
        Map<String, Long> byType = answers.stream().collect(Collectors.groupingBy(Received::type, Collectors.counting()));
        assertEquals(Map.of("INVENTORY_RESERVED", 20L, "INVENTORY_FAILED", 480L), byType);
        assertEquals(500, byOrder(answers).size(), "one answer per order");
        assertEquals(new Rows.Stock(20, 20), rows.stock(session, "laptop"));
        assertNoMoreAnswers("one answer per order");
    }

    /** What the order service matches an answer by: the order (property, group, data) and the saga, in this session. */
    private void assertAddressedTo(String order, String correlation, Received answer) {
        assertEquals(order, answer.orderId(), answer.body());
        assertEquals(order, answer.groupId(), "JMSXGroupID");
        assertEquals(order, answer.data().getString("orderId"));
        assertEquals(correlation, answer.correlationId(), "JMSCorrelationID");
        assertEquals(correlation, answer.envelope().getString("correlationId"));
        assertEquals(session, answer.envelope().getString("sessionId"));
    }

    private static Message tagged(Message message, String marker) throws JMSException {
        message.setStringProperty("marker", marker);
        return message;
    }

    private static Map<String, Integer> quantities(JsonArray items) {
        return items.getValuesAs(JsonObject.class).stream()
                .collect(Collectors.toMap(i -> i.getString("product"), i -> i.getInt("quantity")));
    }
}
