package org.sagademo.inventory.platform;

import jakarta.ejb.ApplicationException;

/**
 * A client's mistake, answered with 400 and a JSON error ({@link ErrorResponses}).
 */
@ApplicationException(rollback = true)
public class InvalidRequest extends RuntimeException {

    public InvalidRequest(String message) {
        super(message);
    }
}
