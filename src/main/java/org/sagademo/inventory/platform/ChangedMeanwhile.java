package org.sagademo.inventory.platform;

import jakarta.ejb.ApplicationException;

/**
 * A conditional update found nothing to change, and the read that was to say why found a state in which it would
 * have: another transaction committed in between (under READ COMMITTED each statement sees the commits made before
 * it). The event is neither applied nor refused on a reading that no longer holds; the transaction rolls back, and the
 * broker delivers the event again.
 */
@ApplicationException(rollback = true)
public class ChangedMeanwhile extends RuntimeException {

    public ChangedMeanwhile(String what) {
        super(what, null, false, false);
    }
}
