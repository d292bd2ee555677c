package org.sagademo.inventory.platform;

import jakarta.ejb.ApplicationException;

/** A request that is well-formed but clashes with the current state (HTTP 409); nothing is changed. */
@ApplicationException(rollback = true)
public class Conflict extends RuntimeException {

    public Conflict(String message) {
        super(message);
    }
}
