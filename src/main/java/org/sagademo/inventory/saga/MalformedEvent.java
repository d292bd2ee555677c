package org.sagademo.inventory.saga;

import java.util.Optional;

/**
 * An incoming message that cannot be acted on: it is dead-lettered, and if it names an order of a
 * valid session, that order is answered with INVENTORY_FAILED.
 */
public class MalformedEvent extends Exception {

    private final transient EventIdentity replyTo;

    MalformedEvent(String reason, EventIdentity replyTo) {
        super(reason);
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
