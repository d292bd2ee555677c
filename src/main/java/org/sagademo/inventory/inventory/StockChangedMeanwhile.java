package org.sagademo.inventory.inventory;

import jakarta.ejb.ApplicationException;

/**
 * An order's one product was short when its units were reserved, and was not when the stock was read back a moment
 * later: another transaction freed units in between. The order is neither reserved nor refused on a reading that no
 * longer holds; the transaction rolls back, and the broker delivers the event again.
 */
@ApplicationException(rollback = true)
public class StockChangedMeanwhile extends RuntimeException {

    StockChangedMeanwhile(String session, String product) {
        super("the stock of " + session + "/" + product + " changed while an order was reserved", null, false, false);
    }
}
