package org.sagademo.inventory.saga;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AnswerMayBeInFlightTest {

    /** The resource adapter logs the message of every delivery that throws, this one too: a peer's ids must not forge a line. */
    @Test
    void aPeersIdsCannotAddALineToTheAdaptersLog() {
        EventIdentity event = new EventIdentity(EventType.ORDER_CREATED, "demo", "c1", "o1\n[SEVERE] forged");
        assertEquals("event=\"ORDER_CREATED:o1\\n[SEVERE] forged\" sessionId=demo was applied by another delivery: returned"
                + " to the broker on purpose, until that one's answer has surely left", new AnswerMayBeInFlight(event).getMessage());
    }
}
