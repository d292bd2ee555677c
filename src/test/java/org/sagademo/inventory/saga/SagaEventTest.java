package org.sagademo.inventory.saga;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sagademo.inventory.reservation.RequestedItem;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SagaEventTest {

    private static final String ORDER = """
            {"type":"ORDER_CREATED","correlationId":"saga-1","sessionId":"s1","timestamp":"2026-01-01T00:00:00.000Z",
             "data":{"id":"o1","sessionId":"s1","items":[{"product":"laptop","quantity":2},{"product":"mouse","quantity":1}],
                     "inventoryBehaviour":"success","skipDemoDelays":true}}""";

    @Test
    void readsAnOrder() throws MalformedEvent {
        SagaEvent event = SagaEvent.parse(ORDER);
        assertEquals(EventType.ORDER_CREATED, event.type());
        assertEquals("s1", event.sessionId());
        assertEquals("o1", event.orderId());
        assertEquals("saga-1", event.correlationId());
        assertEquals("ORDER_CREATED:o1", event.key());
        assertEquals(List.of(new RequestedItem("laptop", 2), new RequestedItem("mouse", 1)), event.items());
        assertTrue(event.skipDemoDelays());
    }

    @Test
    void paymentsNameTheirOrderInOrderId() throws MalformedEvent {
        SagaEvent event = SagaEvent.parse("""
                {"type":"PAYMENT_FAILED","correlationId":"c","sessionId":"s1","data":{"orderId":"o9","reason":"declined"}}""");
        assertEquals("o9", event.orderId());
        assertEquals("PAYMENT_FAILED:o9", event.key());
        assertEquals(List.of(), event.items());
    }

    @Test
    void aByteOrderMarkBeforeTheJsonIsNoPartOfIt() throws MalformedEvent {
        assertEquals("o1", SagaEvent.parse("\uFEFF" + ORDER).orderId());
        assertThrows(MalformedEvent.class, () -> SagaEvent.parse("\uFEFF\uFEFF" + ORDER), "one mark, at the start");
    }

    /** Bytes that are not UTF-8 are no event, but the order they name is answered, unless such a byte is in an id. */
    @Test
    void bytesInLatin1NameTheirOrderUnlessItsIdHasSuchAByte() {
        byte[] latin1 = ORDER.replace("\"success\"", "\"caf\u00e9\"").getBytes(StandardCharsets.ISO_8859_1);
        EventIdentity named = SagaEventReader.orderNamedBy(latin1).orElseThrow();
        assertEquals(new EventIdentity(EventType.ORDER_CREATED, "s1", "saga-1", "o1"), named);

        byte[] inTheId = ORDER.replace("\"o1\"", "\"o\u00e9\"").getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(Optional.empty(), SagaEventReader.orderNamedBy(inTheId));
        byte[] noSession = ORDER.replace("\"s1\"", "\"s\u00e9\"").getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(Optional.empty(), SagaEventReader.orderNamedBy(noSession));
        byte[] inTheCorrelationId = ORDER.replace("\"saga-1\"", "\"saga-\u00e9\"").getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(Optional.empty(), SagaEventReader.orderNamedBy(inTheCorrelationId), "the answer would not keep it");
    }

    /** A peer's text quoted in the reason (here a 100,000-character type) is cut: it goes into the log and the answer. */
    @Test
    void aReasonQuotingThePeerIsCut() {
        MalformedEvent unknown = assertThrows(MalformedEvent.class,
                () -> SagaEvent.parse(ORDER.replace("\"ORDER_CREATED\"", "\"" + "X".repeat(100_000) + "\"")));
        assertTrue(unknown.getMessage().startsWith("unknown event type XXX"), unknown.getMessage());
        assertEquals(300, unknown.getMessage().length());
    }

    /** A replay, read back from PostgreSQL, must say what the first answer said. */
    @Test
    void aCorrelationIdIsTakenAsItCanBeStored() throws MalformedEvent {
        SagaEvent event = SagaEvent.parse(ORDER.replace("\"saga-1\"", "\"saga-\\ud800-\\u0000-\u00e9\""));
        assertEquals("saga-\ufffd-\ufffd-\u00e9", event.correlationId());
    }

    @Test
    void bracketsInsideStringsAreNotNesting() throws MalformedEvent {
        String deepText = "[".repeat(100);
        SagaEvent event = SagaEvent.parse(ORDER.replace("\"success\"", "\"" + deepText + "\\\"{{\""));
        assertEquals(deepText + "\"{{", event.dataText("inventoryBehaviour").orElseThrow());
    }

    @Test
    void deepNestingIsRefusedBeforeParsing() {
        MalformedEvent malformed = assertThrows(MalformedEvent.class, () -> SagaEvent.parse("[".repeat(100_000)));
        assertTrue(malformed.getMessage().contains("nested"));
    }

    @Test
    void hugeQuantitiesAreKeptForTheReservationToRefuse() throws MalformedEvent {
        SagaEvent event = SagaEvent.parse(ORDER.replace("\"quantity\":2", "\"quantity\":123456789012345678901234567890"));
        assertEquals(Long.MAX_VALUE, event.items().get(0).quantity());
    }

    /** As a peer may write 2: Python's json writes a float as 2.0. */
    @ParameterizedTest
    @ValueSource(strings = {"2.0", "2.00", "2e0", "0.2E1", "200e-2"})
    void aQuantityIsAWholeNumberHoweverItIsWritten(String quantity) throws MalformedEvent {
        SagaEvent event = SagaEvent.parse(ORDER.replace("\"quantity\":2", "\"quantity\":" + quantity));
        assertEquals(new RequestedItem("laptop", 2), event.items().get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e30", "1e999999999", "1000000000000000000", "1e2147483647", "100e2147483647"})
    void quantitiesOfNineteenDigitsAndMoreAreKeptAsTheLargestForTheReservationToRefuse(String quantity)
            throws MalformedEvent {
        SagaEvent event = SagaEvent.parse(ORDER.replace("\"quantity\":2", "\"quantity\":" + quantity));
        assertEquals(Long.MAX_VALUE, event.items().get(0).quantity());
        SagaEvent negative = SagaEvent.parse(ORDER.replace("\"quantity\":2", "\"quantity\":-" + quantity));
        assertEquals(Long.MIN_VALUE, negative.items().get(0).quantity());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "{not json",
            "[]",
            "42",
            "{\"sessionId\":\"s1\",\"data\":{\"id\":\"o1\",\"items\":[]}}",
            "{\"type\":\"SHIP_IT\",\"sessionId\":\"s1\",\"data\":{\"id\":\"o1\"}}",
            "{\"type\":\"INVENTORY_RESERVED\",\"sessionId\":\"s1\",\"data\":{\"orderId\":\"o1\"}}",
            "{\"type\":\"ORDER_CREATED\",\"sessionId\":\"s1\"}",
            "{\"type\":\"ORDER_CREATED\",\"sessionId\":\"s1\",\"data\":\"o1\"}",
            "{\"type\":\"ORDER_CREATED\",\"sessionId\":\"s1\",\"data\":{\"items\":[]}}",
            "{\"type\":\"ORDER_CREATED\",\"sessionId\":\"s1\",\"data\":{\"id\":\"\",\"items\":[]}}",
            "{\"type\":\"ORDER_CREATED\",\"sessionId\":\"bad id\",\"data\":{\"id\":\"o1\",\"items\":[]}}",
            "{\"type\":\"ORDER_CREATED\",\"data\":{\"id\":\"o1\",\"items\":[]}}",
            "{\"type\":\"ORDER_CREATED\",\"data\":{\"id\":\"o1\",\"sessionId\":\"bad id\",\"items\":[]}}",
            "{\"type\":\"PAYMENT_SUCCESS\",\"sessionId\":\"s1\",\"data\":{\"orderId\":7.5}}",
            "{\"type\":\"PAYMENT_SUCCESS\",\"sessionId\":\"s1\",\"data\":{\"orderId\":1e30}}",
            "{\"type\":\"PAYMENT_SUCCESS\",\"sessionId\":\"s1\",\"data\":{\"orderId\":true}}",
            "{\"type\":\"PAYMENT_SUCCESS\",\"sessionId\":\"s1\",\"data\":{\"orderId\":\"o\\u00001\"}}",
            "{\"type\":\"PAYMENT_SUCCESS\",\"sessionId\":\"s1\",\"data\":{\"orderId\":\"o\\ud800\"}}", // stored as "o?"
            "{\"type\":\"PAYMENT_SUCCESS\",\"sessionId\":\"s1\",\"data\":{\"orderId\":\"\"}} and more",
            "{\"type\":\"PAYMENT_SUCCESS\",\"sessionId\":\"s1\",\"data\":{\"orderId\":\"o1\",\"amount\":1e9999999999}}",
            "{\"type\":\"PAYMENT_SUCCESS\",\"sessionId\":\"s1\",\"data\":{\"orderId\":\"o1\",\"x\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}"})
    void refusesWhatCannotBeActedOnAndCannotBeAnswered(String json) {
        MalformedEvent malformed = assertThrows(MalformedEvent.class, () -> SagaEvent.parse(json));
        assertFalse(malformed.getMessage().isBlank());
        assertTrue(malformed.replyTo().isEmpty());
    }

    @Test
    void aNumberOfMoreDigitsThanTheParserReadsIsMalformedNotAFailureToRetry() {
        String json = ORDER.replace("\"quantity\":2", "\"quantity\":1" + "0".repeat(1200));
        MalformedEvent malformed = assertThrows(MalformedEvent.class, () -> SagaEvent.parse(json));
        assertTrue(malformed.getMessage().startsWith("invalid JSON"), malformed.getMessage());
    }

    /** The first JSON value names its order; the text after it makes the message unreadable, and the order is answered. */
    @ParameterizedTest
    @ValueSource(strings = {" and more", "{\"type\":\"PAYMENT_FAILED\"}", "]"})
    void textAfterTheEnvelopeIsRefusedAndItsOrderAnswered(String after) {
        String json = "{\"type\":\"PAYMENT_SUCCESS\",\"correlationId\":\"c1\",\"sessionId\":\"s1\",\"data\":{\"orderId\":\"o1\"}}";
        MalformedEvent malformed = assertThrows(MalformedEvent.class, () -> SagaEvent.parse(json + after));
        assertEquals(new EventIdentity(EventType.PAYMENT_SUCCESS, "s1", "c1", "o1"), malformed.replyTo().orElseThrow());
    }

    /** A key twice where the first of each and the last of each name the same event: refused, and its order answered. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"ORDER_CREATED\",\"correlationId\":\"c1\",\"sessionId\":\"s1\",\"data\":{\"id\":\"o1\",\"items\":[{\"product\":\"laptop\",\"quantity\":1,\"quantity\":9}]}}",
            "{\"type\":\"ORDER_CREATED\",\"correlationId\":\"c1\",\"sessionId\":\"s1\",\"data\":{\"id\":\"o1\",\"id\":\"o1\",\"items\":[]}}",
            "{\"type\":\"ORDER_CREATED\",\"correlationId\":\"c1\",\"sessionId\":\"s1\",\"data\":{\"id\":\"o1\",\"items\":[]},\"data\":{\"id\":\"o1\"}}"})
    void aKeyGivenTwiceIsRefusedAndItsOrderAnswered(String json) {
        MalformedEvent malformed = assertThrows(MalformedEvent.class, () -> SagaEvent.parse(json));
        assertTrue(malformed.getMessage().contains("given twice in one object"), malformed.getMessage());
        assertEquals(new EventIdentity(EventType.ORDER_CREATED, "s1", "c1", "o1"), malformed.replyTo().orElseThrow());
    }

    /** Which event it is depends on which of a key given twice is read: none is answered, for either may be wrong. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"ORDER_CREATED\",\"correlationId\":\"c1\",\"sessionId\":\"s1\",\"data\":{\"id\":\"o1\",\"id\":\"o2\",\"items\":[]}}",
            "{\"type\":\"ORDER_CREATED\",\"type\":\"PAYMENT_FAILED\",\"correlationId\":\"c1\",\"sessionId\":\"s1\",\"data\":{\"id\":\"o1\",\"orderId\":\"o1\",\"items\":[]}}",
            "{\"type\":\"ORDER_CREATED\",\"correlationId\":\"c1\",\"correlationId\":\"c2\",\"sessionId\":\"s1\",\"data\":{\"id\":\"o1\",\"items\":[]}}",
            "{\"type\":\"ORDER_CREATED\",\"correlationId\":\"c1\",\"sessionId\":\"s1\",\"sessionId\":\"s2\",\"data\":{\"id\":\"o1\",\"items\":[]}}",
            "{\"type\":\"ORDER_CREATED\",\"correlationId\":\"c1\",\"sessionId\":\"bad id\",\"sessionId\":\"s1\",\"data\":{\"id\":\"o1\",\"items\":[]}}",
            "{\"type\":\"ORDER_CREATED\",\"correlationId\":\"c1\",\"data\":{\"id\":\"o1\",\"sessionId\":\"s1\",\"sessionId\":\"s2\",\"items\":[]}}"})
    void aKeyGivenTwiceThatNamesTwoEventsIsRefusedUnanswered(String json) {
        MalformedEvent malformed = assertThrows(MalformedEvent.class, () -> SagaEvent.parse(json));
        assertTrue(malformed.getMessage().contains("given twice in one object"), malformed.getMessage());
        assertTrue(malformed.replyTo().isEmpty(), () -> "answered as " + malformed.replyTo());
    }

    /** A peer that numbers its orders: the number is no order id here, but it names the order to fail. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"ORDER_CREATED\",\"correlationId\":\"c1\",\"sessionId\":\"s1\",\"data\":{\"id\":42,\"items\":[]}}",
            "{\"type\":\"PAYMENT_SUCCESS\",\"correlationId\":\"c1\",\"sessionId\":\"s1\",\"data\":{\"orderId\":42}}",
            "{\"type\":\"ORDER_CANCELLED\",\"correlationId\":\"c1\",\"data\":{\"id\":42.0,\"sessionId\":\"s1\"}}"})
    void anOrderIdSentAsAWholeNumberIsRefusedAndItsOrderAnswered(String json) {
        MalformedEvent malformed = assertThrows(MalformedEvent.class, () -> SagaEvent.parse(json));
        EventIdentity replyTo = malformed.replyTo().orElseThrow();
        assertEquals("42", replyTo.orderId());
        assertEquals("s1", replyTo.sessionId());
        assertEquals("c1", replyTo.correlationId());
    }

    /** A correlationId longer than an id: refused, and the order answered under its own id, as one sent without. */
    @Test
    void anOverlongCorrelationIdIsRefusedAndItsOrderAnsweredUnderTheOrderId() {
        String json = "{\"type\":\"ORDER_CREATED\",\"correlationId\":\"%s\",\"sessionId\":\"s1\",\"data\":{\"id\":\"o1\",\"items\":[]}}";
        MalformedEvent malformed = assertThrows(MalformedEvent.class, () -> SagaEvent.parse(json.formatted("c".repeat(129))));
        assertEquals("correlationId longer than 128 characters", malformed.getMessage());
        assertEquals(new EventIdentity(EventType.ORDER_CREATED, "s1", "o1", "o1"), malformed.replyTo().orElseThrow());
        assertDoesNotThrow(() -> SagaEvent.parse(json.formatted("c".repeat(128))));
    }

    /** The envelope's session missing or malformed, the order's own data names one: the order is answered there. */
    @ParameterizedTest
    @ValueSource(strings = {"", "\"sessionId\":\"bad id\",", "\"sessionId\":7,", "\"sessionId\":null,"})
    void anOrderWhoseEnvelopeNamesNoValidSessionIsAnsweredInItsOwn(String envelopeSession) {
        String json = "{\"type\":\"ORDER_CREATED\",\"correlationId\":\"c1\"," + envelopeSession
                + "\"data\":{\"id\":\"o1\",\"sessionId\":\"s1\",\"items\":[]}}";
        MalformedEvent malformed = assertThrows(MalformedEvent.class, () -> SagaEvent.parse(json));
        assertEquals(new EventIdentity(EventType.ORDER_CREATED, "s1", "c1", "o1"), malformed.replyTo().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"items\":\"laptop\"",
            "\"items\":[{\"product\":\"laptop\",\"quantity\":\"two\"}]",
            "\"items\":[{\"product\":\"laptop\",\"quantity\":1.5}]",
            "\"items\":[{\"product\":\"laptop\",\"quantity\":15e-1}]",
            "\"items\":[{\"product\":\"laptop\",\"quantity\":2.000000000000000000001}]",
            "\"items\":[{\"product\":\"laptop\",\"quantity\":2.0000000000000000000000}]",
            "\"items\":[{\"product\":7,\"quantity\":1}]",
            "\"items\":[null]",
            "\"sessionId\":\"another\",\"items\":[]"})
    void anUnreadableOrderIsAnsweredWithItsOrderId(String dataFields) {
        String json = "{\"type\":\"ORDER_CREATED\",\"correlationId\":\"c1\",\"sessionId\":\"s1\",\"data\":{\"id\":\"o1\","
                + dataFields + "}}";
        MalformedEvent malformed = assertThrows(MalformedEvent.class, () -> SagaEvent.parse(json));
        assertEquals(new EventIdentity(EventType.ORDER_CREATED, "s1", "c1", "o1"), malformed.replyTo().orElseThrow());
    }
}
