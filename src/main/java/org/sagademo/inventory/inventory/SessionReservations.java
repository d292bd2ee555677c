package org.sagademo.inventory.inventory;

import org.sagademo.inventory.inventory.ProductView.OpenReservation;
import org.sagademo.inventory.platform.SessionId;

import java.util.List;
import java.util.Map;

/**
 * What the HTTP API shows of a session's reservations. The reservation package provides it, so that
 * this package, below it, needs nothing of that one.
 */
public interface SessionReservations {

    /** The open (PENDING) reservation lines, by product id, oldest first. */
    Map<String, List<OpenReservation>> openByProduct(SessionId session);

    InventoryStats.Reservations counts(SessionId session);
}
