package org.sagademo.inventory.saga;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonConfig;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import org.sagademo.inventory.platform.JsonText;
import org.sagademo.inventory.platform.SessionId;
import org.sagademo.inventory.platform.StorableText;
import org.sagademo.inventory.platform.WholeNumber;
import org.sagademo.inventory.reservation.RequestedItem;

import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a message's text into a {@link SagaEvent}, or says why it is not one ({@link MalformedEvent}) and, where the
 * text names an order all the same, which order to answer.
 */
final class SagaEventReader {

    private static final int MAX_ID_LENGTH = 128;
    private static final char UNREADABLE_BYTE = '\uFFFD';
    /** Once: Json.createParser looks the provider up at every call. */
    private static final JsonParserFactory PARSERS = Json.createParserFactory(null);
    private static final JsonReaderFactory FIRST_OF_EACH_KEY =
            Json.createReaderFactory(Map.of(JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.FIRST));

    private SagaEventReader() {
    }

    static SagaEvent read(String json) throws MalformedEvent {
        Read read = readObject(JsonText.withoutByteOrderMark(json));
        if (read.flaw() != null) {
            throw new MalformedEvent(read.flaw(), read.replyTo().orElse(null));
        }
        EventIdentity identity = identityOf(read.envelope());
        JsonObject data = read.envelope().getJsonObject("data");
        EventType type = identity.type();
        if (!(data.get(type.orderIdField()) instanceof JsonString)) {
            throw new MalformedEvent("data." + type.orderIdField() + " must be a string, not a number", identity);
        }
        Optional<String> dataSession = text(data, "sessionId");
        if (dataSession.isPresent() && !dataSession.get().equals(identity.sessionId())) {
            throw new MalformedEvent("data.sessionId does not match the envelope's sessionId", identity);
        }
        List<RequestedItem> items = type == EventType.ORDER_CREATED ? items(data, identity) : List.of();
        return new SagaEvent(identity, data, items);
    }

    /**
     * The order that bytes which are not UTF-8 name all the same (a Latin-1 "é" in a reason, say), read with U+FFFD for
     * each byte that is not, if they name one of a valid session by ids read whole (the order's, the correlation id).
     */
    static Optional<EventIdentity> orderNamedBy(byte[] notUtf8) {
        String text = new String(notUtf8, StandardCharsets.UTF_8);
        Optional<EventIdentity> named;
        try {
            named = Optional.of(read(text).identity());
        } catch (MalformedEvent unreadable) {
            named = unreadable.replyTo();
        }
        return named.filter(order -> (order.orderId() + order.correlationId()).indexOf(UNREADABLE_BYTE) < 0);
    }

    /** What names the event: its type, session, correlation id and order, each valid. */
    private static EventIdentity identityOf(JsonObject envelope) throws MalformedEvent {
        EventType type = typeOf(envelope);
        JsonObject data = optionalObject(envelope, "data")
                .orElseThrow(() -> new MalformedEvent(type + " without a data object"));
        String orderId = orderId(data, type);
        Optional<String> sentCorrelationId = text(envelope, "correlationId");
        String correlationId = correlationId(sentCorrelationId, orderId);
        String session = text(envelope, "sessionId").orElse(null);
        Optional<String> sessionFlaw = SessionId.flawOf(session);
        if (sessionFlaw.isPresent()) {
            // the event's data may name its session too (an order's does): the event is answered there
            EventIdentity ownSession = text(data, "sessionId").filter(SessionId::isValid)
                    .map(value -> new EventIdentity(type, value, correlationId, orderId)).orElse(null);
            throw new MalformedEvent("the envelope's sessionId: " + sessionFlaw.get(), ownSession);
        }
        EventIdentity identity = new EventIdentity(type, session, correlationId, orderId);
        if (sentCorrelationId.map(String::length).orElse(0) > MAX_ID_LENGTH) {
            throw new MalformedEvent("correlationId longer than " + MAX_ID_LENGTH + " characters", identity);
        }
        return identity;
    }

    /**
     * The correlation id the answer carries: the one sent, passed through as everything this service keeps is (a NUL or
     * half a surrogate pair as U+FFFD: the driver would store half a pair as '?', so that an answer sent again from its
     * record said something else); the order id without one. One longer than an id is refused, and the answer goes
     * under the order id: it carries the correlation id in a JMS header as well, and Artemis cannot send a message whose
     * headers pass 100 KiB once its body does too, in any delivery.
     */
    private static String correlationId(Optional<String> sent, String orderId) {
        return sent.filter(id -> id.length() <= MAX_ID_LENGTH).map(StorableText::cleaned).orElse(orderId);
    }

    /**
     * The order the event is about: its id, a string; or the digits of a whole number, which a peer that numbers its
     * orders may send: not an id here, but they name the order to answer with INVENTORY_FAILED.
     */
    private static String orderId(JsonObject data, EventType type) throws MalformedEvent {
        JsonValue id = data.get(type.orderIdField());
        if (id instanceof JsonString text) {
            String value = text.getString();
            if (!value.isBlank() && value.length() <= MAX_ID_LENGTH && StorableText.isStorable(value)) {
                return value;
            }
        } else if (id instanceof JsonNumber number) {
            try {
                return Long.toString(number.bigDecimalValue().longValueExact());
            } catch (ArithmeticException notWhole) {
                // reported below
            }
        }
        throw new MalformedEvent(type + " without a valid data." + type.orderIdField());
    }

    /** ORDER_CREATED's items to reserve. */
    private static List<RequestedItem> items(JsonObject data, EventIdentity replyTo) throws MalformedEvent {
        JsonValue items = data.get("items");
        if (!(items instanceof JsonArray array)) {
            throw new MalformedEvent("ORDER_CREATED without a data.items array", replyTo);
        }
        List<RequestedItem> requested = new ArrayList<>(array.size());
        for (JsonValue value : array) {
            requested.add(item(value).orElseThrow(() -> new MalformedEvent(
                    "each item needs a string product and a whole number quantity", replyTo)));
        }
        return requested;
    }

    /** An item, its quantity a whole number however the peer wrote it (2, 2.0, 2e0). */
    private static Optional<RequestedItem> item(JsonValue value) {
        if (value instanceof JsonObject item && item.get("product") instanceof JsonString product
                && item.get("quantity") instanceof JsonNumber number) {
            BigDecimal quantity = WholeNumber.normalised(number.bigDecimalValue());
            if (WholeNumber.isWhole(quantity)) {
                return Optional.of(new RequestedItem(product.getString(), clamp(quantity)));
            }
        }
        return Optional.empty();
    }

    /**
     * The envelope, the message's first JSON value as JSON-P reads it (the last of a key given twice); and the flaw that
     * makes the message unreadable, if it has one: a key given twice, or text after the envelope. An envelope that
     * names its order is still answered ({@code {...} and more}, two envelopes in one), unless the first of each key
     * given twice, as other readers take it ({@code firstOfEachKey}), names another event.
     */
    private record Read(JsonObject envelope, String flaw, JsonObject firstOfEachKey) {

        Optional<EventIdentity> replyTo() {
            Optional<EventIdentity> replyTo = replyTo(envelope);
            return replyTo.equals(replyTo(firstOfEachKey)) ? replyTo : Optional.empty();
        }

        private static Optional<EventIdentity> replyTo(JsonObject envelope) {
            try {
                return Optional.of(identityOf(envelope));
            } catch (MalformedEvent unnamed) {
                return unnamed.replyTo();
            }
        }
    }

    private static Read readObject(String json) throws MalformedEvent {
        if (JsonText.nestsTooDeep(json)) {
            throw new MalformedEvent("JSON nested deeper than " + JsonText.MAX_NESTING + " levels");
        }
        try (JsonParser parser = PARSERS.createParser(new StringReader(json))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new MalformedEvent("not a JSON object");
            }
            JsonObject object = parser.getObject();
            Optional<String> keyTwice = keyGivenTwice(json);
            if (keyTwice.isPresent()) {
                String flaw = "\"" + StorableText.cleaned(keyTwice.get(), 64) + "\" given twice in one object";
                return new Read(object, flaw, FIRST_OF_EACH_KEY.createReader(new StringReader(json)).readObject());
            }
            String flaw = JsonText.somethingFollows(parser) ? "more than one JSON value, or text after it" : null;
            return new Read(object, flaw, object);
        } catch (JsonException | NumberFormatException | UnsupportedOperationException e) {
            // the last two: numbers the parser cannot hold (an exponent past an int, over 1,100 characters)
            throw new MalformedEvent("invalid JSON: " + e.getMessage());
        }
    }

    /** A walk of its own: the parser's getObject keeps the last of each key, however its factory is configured (Parsson 1.1). */
    private static Optional<String> keyGivenTwice(String json) {
        try (JsonParser parser = PARSERS.createParser(new StringReader(json))) {
            parser.next();
            return JsonText.keyGivenTwice(parser);
        }
    }

    private static EventType typeOf(JsonObject envelope) throws MalformedEvent {
        String type = text(envelope, "type").orElseThrow(() -> new MalformedEvent("no event type"));
        try {
            EventType eventType = EventType.valueOf(type);
            if (eventType.isIncoming()) {
                return eventType;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new MalformedEvent("unknown event type " + type);
    }

    private static Optional<JsonObject> optionalObject(JsonObject object, String field) {
        return object.get(field) instanceof JsonObject value ? Optional.of(value) : Optional.empty();
    }

    static Optional<String> text(JsonObject object, String field) {
        return object.get(field) instanceof JsonString value ? Optional.of(value.getString()) : Optional.empty();
    }

    /** Quantities of 19 digits and more are absurd either way (a long holds 18 for certain); the reservation refuses them. */
    private static long clamp(BigDecimal whole) {
        if ((long) whole.precision() - whole.scale() <= 18) { // in a long: a scale near -2^31 overflows an int
            return whole.longValueExact();
        }
        return whole.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
}
