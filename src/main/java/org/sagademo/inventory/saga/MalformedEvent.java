package org.sagademo.inventory.saga;

import org.sagademo.inventory.platform.StorableText;

import java.util.Optional;

/**
 * An incoming message that cannot be acted on: it is dead-lettered, and if it names an order of a
 * valid session, that order is answered with INVENTORY_FAILED.
 */
public class MalformedEvent extends Exception {

    /**
     * A reason's length at most: one can quote the peer's text (an unknown type, the parser's view of the JSON), which
     * would otherwise go whole into the log, the answer and its record.
     */
    private static final int REASON_LENGTH = 300;

    private final transient EventIdentity replyTo;

    MalformedEvent(String reason, EventIdentity replyTo) {
        super(StorableText.cleaned(reason, REASON_LENGTH));
        this.replyTo = replyTo;
    }

    MalformedEvent(String reason) {
        this(reason, null);
    }

    /** The event as far as it could be read, when that names an order of a valid session to answer. */
    Optional<EventIdentity> replyTo() {
        return Optional.ofNullable(replyTo);
    }
}
