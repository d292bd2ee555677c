package org.sagademo.inventory.saga;

import jakarta.ejb.ApplicationException;
import org.sagademo.inventory.platform.LoggedValue;

/**
 * A first delivery of an event that another delivery applied a moment ago: that delivery may still be
 * sending its answer, and two sends under one duplicate id that overlap can both get through the broker.
 * So this one goes back to the broker and re-sends the recorded answer when it is redelivered, once the
 * first send has landed (the broker then drops the copy) or failed (the copy is the answer).
 */
@ApplicationException(rollback = true)
class AnswerMayBeInFlight extends RuntimeException {

    AnswerMayBeInFlight(EventIdentity event) {
        super("event=" + LoggedValue.of(event.key()) + " sessionId=" + LoggedValue.of(event.sessionId())
                + " was applied by another delivery: returned to the broker on purpose, until that one's answer has surely"
                + " left", null, false, false);
    }
}
