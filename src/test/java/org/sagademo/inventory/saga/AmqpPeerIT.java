package org.sagademo.inventory.saga;

import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.sagademo.inventory.clients.SagaBroker;
import org.sagademo.inventory.clients.SagaBroker.Received;
import org.sagademo.inventory.clients.SagaMessages;
import org.sagademo.inventory.localstack.Rows;
import org.sagademo.inventory.support.InventoryServiceTest;
import org.sagademo.inventory.support.Outcomes.Count;
import org.sagademo.inventory.support.RealInfrastructure;
import org.sagademo.inventory.support.SagaPeerTest;

import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.sagademo.inventory.clients.SagaBroker.byOrder;
import static org.sagademo.inventory.clients.SagaMessages.orderCreated;

/**
 * The saga as peers that are not Java speak it: AMQP 1.0 on the broker's one port, JSON as an amqp-value
 * string or as a data section, and often no message id. Every event is answered exactly once all the same.
 */
@InventoryServiceTest
class AmqpPeerIT extends SagaPeerTest {

    AmqpPeerIT() {
        super("amqp", RealInfrastructure::brokerOverAmqp);
    }

    @Test
    void aMessageFromThisPeerReallyHasNoMessageId() throws Exception {
        String marker = "no-id-" + session;
        broker.publishWithoutMessageId(SagaBroker.DEAD_LETTERS, s -> {
            var message = SagaBroker.text(s, "{}");
            message.setStringProperty("marker", marker);
            return message;
        });
        try (SagaBroker core = RealInfrastructure.broker()) {
            Received seen = only(core.receive(SagaBroker.DEAD_LETTERS, "marker = '" + marker + "'", 1, WAIT));
            assertNull(seen.message().getJMSMessageID(), "what the service sees of such a message");
        }
    }

    @Test
    void ordersWithoutMessageIdsAreEachAnsweredOnce() {
        IntStream.range(0, 20).forEach(i -> broker.publishWithoutMessageId(SagaBroker.INCOMING,
                s -> SagaBroker.text(s, orderCreated(session, "o" + i, "mouse", 1))));
        Map<String, Received> answers = byOrder(broker.receive(session, 20, WAIT));
        assertEquals(20, answers.size(), "one answer per order");
        answers.values().forEach(answer -> assertEquals("INVENTORY_RESERVED", answer.type()));
        assertNoMoreAnswers("one answer per order");
        assertEquals(new Rows.Stock(67, 20), rows.stock(session, "mouse"));
        assertEquals(20, rows.count("reservations", session));
    }

    @Test
    void anEventPublishedTwiceWithoutMessageIdIsAnsweredOnce() {
        String event = orderCreated(session, "o1", "laptop", 2);
        Count duplicates = outcomes.count("ORDER_CREATED", "DUPLICATE");
        broker.publishWithoutMessageId(SagaBroker.INCOMING, s -> SagaBroker.text(s, event));
        broker.publishWithoutMessageId(SagaBroker.INCOMING, s -> SagaBroker.text(s, event));
        assertEquals("INVENTORY_RESERVED", only(broker.receive(session, 1, WAIT)).type());
        duplicates.awaitMore(1);
        assertNoMoreAnswers("the copy's answer is dropped by the broker");
        assertEquals(new Rows.Stock(5, 2), rows.stock(session, "laptop"));
        assertEquals(1, rows.count("reservations", session));
    }

    @Test
    void anEventRepublishedWithANewMessageIdIsAnsweredOnce() {
        String event = orderCreated(session, "o1", "laptop", 2);
        broker.publish(SagaBroker.INCOMING, s -> SagaBroker.text(s, event));
        assertEquals("INVENTORY_RESERVED", only(broker.receive(session, 1, WAIT)).type());
        Count duplicates = outcomes.count("ORDER_CREATED", "DUPLICATE");
        broker.publish(SagaBroker.INCOMING, s -> SagaBroker.text(s, event));
        duplicates.awaitMore(1);
        assertNoMoreAnswers("the same event, a new message: no second answer");
        assertEquals(new Rows.Stock(5, 2), rows.stock(session, "laptop"));
        assertEquals(1, rows.count("reservations", session));
    }

    @Test
    void aRedeliveryAfterAFailureAfterTheCommitIsAnsweredOnce() {
        // the first delivery commits its reservation and fails before its answer; the broker redelivers
        broker.publishWithoutMessageId(SagaBroker.INCOMING, s -> SagaBroker.text(s,
                SagaMessages.orderWithBehaviour(session, "o1", "crash-before-answer", "laptop", 2)));
        Received answer = only(broker.receive(session, 1, WAIT));
        assertEquals("INVENTORY_RESERVED", answer.type());
        assertNoMoreAnswers("answered once");
        assertEquals(new Rows.Stock(5, 2), rows.stock(session, "laptop"), "reserved once");
        assertEquals("PENDING", rows.reservationStatus(session, "o1"));
    }

    @Test
    void aDataSectionAndAnAmqpValueStringAreBothRead() {
        broker.publishWithoutMessageId(SagaBroker.INCOMING, s -> SagaBroker.bytes(s, orderCreated(session, "bytes", "laptop", 1)));
        broker.publishWithoutMessageId(SagaBroker.INCOMING, s -> SagaBroker.text(s, orderCreated(session, "text", "laptop", 2)));
        Map<String, Received> answers = byOrder(broker.receive(session, 2, WAIT));
        assertEquals("INVENTORY_RESERVED", answers.get("bytes").type());
        assertEquals("INVENTORY_RESERVED", answers.get("text").type());
        assertEquals(new Rows.Stock(5, 3), rows.stock(session, "laptop"));
    }

    @Test
    void answersReachAnAmqpPeerAsUtf8JsonStringsWithTheirProperties() throws Exception {
        broker.publishWithoutMessageId(SagaBroker.INCOMING, s -> SagaBroker.bytes(s, orderCreated(session, "ü-1", "laptop", 9)));
        Received failed = only(broker.receive(session, 1, WAIT));
        assertInstanceOf(TextMessage.class, failed.message(), "an amqp-value string");
        assertEquals("INVENTORY_FAILED", failed.envelope().getString("type"));
        assertEquals("ü-1", failed.data().getString("orderId"));
        assertEquals("ü-1", failed.orderId());
        assertEquals("ü-1", failed.groupId());
        assertEquals("saga-ü-1", failed.correlationId());
        assertEquals(session, failed.sessionId());
    }
}
