package org.sagademo.inventory.saga;

import org.junit.jupiter.api.Test;
import org.sagademo.inventory.saga.Outcome.ReservationChange;
import org.sagademo.inventory.saga.Outcome.Result;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OutcomeLogTest {

    private static final Duration TOOK = Duration.ofMillis(12);

    @Test
    void plainIdsAreWrittenBareAndTheDetailQuoted() {
        Outcome outcome = new Outcome("ORDER_CREATED", Result.INVENTORY_FAILED, "demo", "o-17", "c-17", null,
                "Insufficient stock: laptop (requested: 9, available: 5)");
        assertEquals("event=ORDER_CREATED outcome=INVENTORY_FAILED sessionId=demo orderId=o-17 correlationId=c-17 ms=12"
                + " detail=\"Insufficient stock: laptop (requested: 9, available: 5)\"",
                OutcomeLog.line(outcome, outcome.result(), true, TOOK));
    }

    /** Ids and reasons come from peers: none may forge a key or a line of the log. */
    @Test
    void aPeersTextCannotAddAKeyOrALine() {
        Outcome outcome = new Outcome("PAYMENT_FAILED", Result.INVENTORY_RELEASED, "demo", "o 1 outcome=CONFIRMED",
                "c\nevent=ORDER_CREATED outcome=CONFIRMED", ReservationChange.RELEASED, "card \"declined\"\r\u2028\u0007\\");
        assertEquals("event=PAYMENT_FAILED outcome=INVENTORY_RELEASED sessionId=demo orderId=\"o 1 outcome=CONFIRMED\""
                + " correlationId=\"c\\nevent=ORDER_CREATED outcome=CONFIRMED\" ms=12"
                + " detail=\"card \\\"declined\\\"\\r\\u2028\\u0007\\\\\"",
                OutcomeLog.line(outcome, outcome.result(), true, TOOK));
    }

    @Test
    void aRollbackSaysSoAndAnUnaddressedMessageSaysNull() {
        Outcome outcome = new Outcome(Outcome.UNREADABLE, Result.DEAD_LETTERED, null, null, null, null, "");
        assertEquals("event=UNREADABLE outcome=ROLLED_BACK sessionId=null orderId=null correlationId=null ms=12"
                + " detail=\"rolled back; it is tried again\"", OutcomeLog.line(outcome, Result.ROLLED_BACK, false, TOOK));
        assertEquals("event=UNREADABLE outcome=DEAD_LETTERED sessionId=null orderId=null correlationId=null ms=12",
                OutcomeLog.line(outcome, outcome.result(), true, TOOK));
    }
}
