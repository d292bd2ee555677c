package org.sagademo.inventory.clients;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A message the service cannot or must not act on, and what the saga contract says becomes of it. The one
 * list of them is sent by the integration tests (one test each) and by the fault suite (all at once).
 *
 * @param orderId       the order it names and may be answered for, or null
 * @param correlationId the correlation id of that answer
 */
public record PoisonMessage(String name, Fate fate, String orderId, String correlationId, Body body) {

    /** The property that finds a poison message again on the dead-letter queue. */
    public static final String MARKER = "marker";

    public enum Fate {
        /** Unreadable, and naming no order of a valid session: only moved to the dead-letter queue. */
        DEAD_LETTERED,
        /** Unreadable, but naming an order of a valid session: dead-lettered, and that order failed. */
        DEAD_LETTERED_AND_FAILED,
        /** Readable, but no reservation can come of it: refused with INVENTORY_FAILED like any order. */
        FAILED,
        /** Too large to be an event: moved to the dead-letter queue by the broker (broker.properties), never delivered. */
        MOVED_BY_THE_BROKER;

        public boolean deadLettered() {
            return this != FAILED;
        }

        public boolean failed() {
            return this == DEAD_LETTERED_AND_FAILED || this == FAILED;
        }
    }

    /** Builds the message for a session. */
    @FunctionalInterface
    public interface Body {
        Message create(Session jms, String session) throws JMSException;
    }

    /** A message whose envelope, if it names an order, carries the order's saga as {@link SagaMessages} writes it. */
    public PoisonMessage(String name, Fate fate, String orderId, Body body) {
        this(name, fate, orderId, orderId == null ? null : "saga-" + orderId, body);
    }

    /** The message for a session, marked. */
    public SagaBroker.MessageFactory in(String session, String marker) {
        return jms -> {
            Message message = body.create(jms, session);
            message.setStringProperty(MARKER, marker);
            return message;
        };
    }

    public static List<PoisonMessage> all() {
        List<PoisonMessage> all = new ArrayList<>();
        text(all, "invalid JSON", session -> "{not json");
        text(all, "empty body", session -> "");
        all.add(new PoisonMessage("text message without text", Fate.DEAD_LETTERED, null, (jms, session) -> jms.createTextMessage()));
        text(all, "JSON array", session -> "[]");
        text(all, "JSON number", session -> "42");
        text(all, "no type", session -> SagaMessages.envelope(null, session, order(session, "x0")));
        text(all, "unknown type", session -> SagaMessages.envelope("SHIP_IT", session, order(session, "x1")));
        text(all, "an outgoing type", session -> SagaMessages.envelope("INVENTORY_RESERVED", session, order(session, "x2")));
        text(all, "no data", session -> "{\"type\":\"ORDER_CREATED\",\"sessionId\":\"" + session + "\"}");
        text(all, "data not an object", session -> "{\"type\":\"ORDER_CREATED\",\"sessionId\":\"" + session + "\",\"data\":\"x\"}");
        text(all, "no order id", session -> SagaMessages.envelope("ORDER_CREATED", session,
                Json.createObjectBuilder().add("items", Json.createArrayBuilder()).build()));
        // a peer that numbers its orders: no id here, but the order it names is failed
        all.add(new PoisonMessage("order id a number", Fate.DEAD_LETTERED_AND_FAILED, "11", "11", (jms, session) ->
                jms.createTextMessage(SagaMessages.envelope("ORDER_CREATED", session,
                        Json.createObjectBuilder(order(session, "11")).add("id", 11).build()))));
        // the order's own data names its session: answered there
        envelope(all, "no session in the envelope", null, "x12");
        envelope(all, "malformed session in the envelope", "bad session!", "x13");
        envelope(all, "overlong session in the envelope", "s".repeat(300), "x14");
        text(all, "no session anywhere", session -> SagaMessages.envelope("ORDER_CREATED", null,
                Json.createObjectBuilder(order(session, "x29")).remove("sessionId").build()));
        order(all, "wrong session in data", Fate.DEAD_LETTERED_AND_FAILED, "x15",
                (session, id) -> Json.createObjectBuilder(order(session, id)).add("sessionId", "someone-else").build());
        order(all, "items not an array", Fate.DEAD_LETTERED_AND_FAILED, "x16",
                (session, id) -> Json.createObjectBuilder(order(session, id)).add("items", "laptop").build());
        items(all, "quantity a string", Fate.DEAD_LETTERED_AND_FAILED, "x17", "{\"product\":\"laptop\",\"quantity\":\"1\"}");
        items(all, "quantity fractional", Fate.DEAD_LETTERED_AND_FAILED, "x18", "{\"product\":\"laptop\",\"quantity\":0.5}");
        items(all, "product a number", Fate.DEAD_LETTERED_AND_FAILED, "x19", "{\"product\":7,\"quantity\":1}");
        items(all, "negative quantity", Fate.FAILED, "x20", "{\"product\":\"laptop\",\"quantity\":-3}");
        items(all, "zero quantity", Fate.FAILED, "x21", "{\"product\":\"laptop\",\"quantity\":0}");
        items(all, "huge quantity", Fate.FAILED, "x22", "{\"product\":\"laptop\",\"quantity\":1e30}");
        items(all, "empty items", Fate.FAILED, "x23", "");
        items(all, "unknown product", Fate.FAILED, "x24", "{\"product\":\"unobtainium\",\"quantity\":1}");
        // the first value names its order: answered, though the message is unreadable
        all.add(new PoisonMessage("text after the JSON", Fate.DEAD_LETTERED_AND_FAILED, "x26", (jms, session) ->
                jms.createTextMessage(SagaMessages.envelope("ORDER_CREATED", session, order(session, "x26")) + " and more")));
        // a key twice: unreadable; answered where the first and the last of each key name the same order
        all.add(new PoisonMessage("a key given twice", Fate.DEAD_LETTERED_AND_FAILED, "x32", (jms, session) ->
                jms.createTextMessage(SagaMessages.envelope("ORDER_CREATED", session, order(session, "x32"))
                        .replace("\"quantity\":1", "\"quantity\":1,\"quantity\":2"))));
        text(all, "the order id given twice, two orders", session -> SagaMessages.envelope("ORDER_CREATED", session,
                order(session, "x33")).replace("\"id\":\"x33\"", "\"id\":\"x33\",\"id\":\"x34\""));
        // more than a JMS header of the answer can carry (Artemis refuses a large message whose properties pass 100 KiB)
        all.add(new PoisonMessage("a correlation id of 60,000 characters", Fate.DEAD_LETTERED_AND_FAILED, "x35", "x35", (jms, session) ->
                jms.createTextMessage(SagaMessages.envelope("ORDER_CREATED", session, order(session, "x35"))
                        .replace("\"saga-x35\"", "\"" + "c".repeat(60_000) + "\""))));
        text(all, "a number past the parser's limits", session -> SagaMessages.envelope("ORDER_CREATED", session, order(session, "x27"))
                .replace("\"quantity\":1", "\"quantity\":1" + "0".repeat(1200)));
        // orders that would be reserved but for their size
        all.add(new PoisonMessage("10 MB order", Fate.MOVED_BY_THE_BROKER, null, (jms, session) ->
                jms.createTextMessage(padded(session, "x28", 10 * 1024 * 1024, "x"))));
        all.add(new PoisonMessage("2 MB order as bytes", Fate.MOVED_BY_THE_BROKER, null, (jms, session) ->
                SagaBroker.bytes(jms, padded(session, "x36", 2 * 1024 * 1024, "x"))));
        all.add(new PoisonMessage("300 KB order as bytes", Fate.DEAD_LETTERED, null, (jms, session) ->
                SagaBroker.bytes(jms, padded(session, "x30", 300 * 1024, "x"))));
        text(all, "300 KB order in 100,000 characters", session -> padded(session, "x31", 100_000, "\u20AC")); // 3 bytes each
        text(all, "deeply nested JSON", session -> "[".repeat(100_000));
        all.add(new PoisonMessage("bytes, not UTF-8", Fate.DEAD_LETTERED, null,
                (jms, session) -> SagaBroker.bytes(jms, new byte[]{(byte) 0xC3, (byte) 0x28, (byte) 0xFF})));
        // JSON whose text is ISO-8859-1, as a peer writing its platform's default charset sends it: still answered, by the
        // order it names, unless a byte that is not UTF-8 is in the order's id
        all.add(new PoisonMessage("bytes in Latin-1", Fate.DEAD_LETTERED_AND_FAILED, "x37", (jms, session) ->
                SagaBroker.bytes(jms, latin1(SagaMessages.envelope("ORDER_CREATED", session,
                        Json.createObjectBuilder(order(session, "x37")).add("errorMessage", "caf\u00e9").build())))));
        all.add(new PoisonMessage("bytes in Latin-1, the order id too", Fate.DEAD_LETTERED, null, (jms, session) ->
                SagaBroker.bytes(jms, latin1(SagaMessages.envelope("ORDER_CREATED", session, order(session, "x\u00e938"))))));
        all.add(new PoisonMessage("map message", Fate.DEAD_LETTERED, null, (jms, session) -> jms.createMapMessage()));
        all.add(new PoisonMessage("object message", Fate.DEAD_LETTERED, null, (jms, session) -> jms.createObjectMessage("an order")));
        all.add(new PoisonMessage("stream message", Fate.DEAD_LETTERED, null, (jms, session) -> {
            StreamMessage message = jms.createStreamMessage();
            message.writeString("ORDER_CREATED");
            return message;
        }));
        all.add(new PoisonMessage("quantity a word, as bytes", Fate.DEAD_LETTERED_AND_FAILED, "x25", (jms, session) ->
                SagaBroker.bytes(jms, SagaMessages.envelope("ORDER_CREATED", session, withItems(session, "x25",
                        "{\"product\":\"laptop\",\"quantity\":\"two\"}")))));
        return all;
    }

    @FunctionalInterface
    private interface Text {
        String in(String session);
    }

    @FunctionalInterface
    private interface OrderData {
        JsonObject of(String session, String orderId);
    }

    private static void text(List<PoisonMessage> all, String name, Text text) {
        all.add(new PoisonMessage(name, Fate.DEAD_LETTERED, null, (jms, session) -> jms.createTextMessage(text.in(session))));
    }

    /** An ORDER_CREATED in the session whose data is off. */
    private static void order(List<PoisonMessage> all, String name, Fate fate, String orderId, OrderData data) {
        all.add(new PoisonMessage(name, fate, orderId, (jms, session) ->
                jms.createTextMessage(SagaMessages.envelope("ORDER_CREATED", session, data.of(session, orderId)))));
    }

    private static void items(List<PoisonMessage> all, String name, Fate fate, String orderId, String itemsJson) {
        order(all, name, fate, orderId, (session, id) -> withItems(session, id, itemsJson));
    }

    /** The least an order has: an id, its session and one laptop. */
    private static JsonObject order(String session, String orderId) {
        return Json.createObjectBuilder().add("id", orderId).add("sessionId", session)
                .add("items", Json.createArrayBuilder().add(Json.createObjectBuilder().add("product", "laptop").add("quantity", 1)))
                .build();
    }

    /** An ORDER_CREATED in the session whose envelope names the given one (or none). */
    private static void envelope(List<PoisonMessage> all, String name, String envelopeSession, String orderId) {
        all.add(new PoisonMessage(name, Fate.DEAD_LETTERED_AND_FAILED, orderId, (jms, session) ->
                jms.createTextMessage(SagaMessages.envelope("ORDER_CREATED", envelopeSession, order(session, orderId)))));
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A readable order of one laptop, with a field of {@code characters} of {@code pad} besides. */
    private static String padded(String session, String orderId, int characters, String pad) {
        return SagaMessages.envelope("ORDER_CREATED", session,
                Json.createObjectBuilder(order(session, orderId)).add("pad", pad.repeat(characters)).build());
    }

    private static JsonObject withItems(String session, String orderId, String itemsJson) {
        JsonObject items = Json.createReader(new StringReader("{\"items\":[" + itemsJson + "]}")).readObject();
        return Json.createObjectBuilder(order(session, orderId)).add("items", items.getJsonArray("items")).build();
    }

    /** What a parameterized test calls it. */
    @Override
    public String toString() {
        return name;
    }
}
