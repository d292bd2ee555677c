package org.sagademo.inventory.platform;

import jakarta.ejb.ApplicationException;

/**
 * A failure that passes: the database out of reach ({@link DatabaseUnreachable}) or a transaction it rolled back for
 * another's sake ({@link RolledBackForAnother}). A request then answers 503 and an event waits or comes again, each
 * with a line of its own in the log. An application exception, which the EJB container neither wraps nor logs: as a
 * system exception it logged a stack trace for every request, event and expiry round for as long as an outage lasted.
 * The cause is kept, so that what it was is still read off it.
 */
@ApplicationException(rollback = true)
public class TransientDatabaseFailure extends RuntimeException {

    TransientDatabaseFailure(RuntimeException cause) {
        super(cause.getMessage(), cause);
    }

    static boolean isCauseOf(Throwable failure) {
        return DatabaseUnreachable.isCauseOf(failure) || RolledBackForAnother.isCauseOf(failure);
    }
}
