package org.sagademo.inventory.saga;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.sagademo.inventory.platform.Statements;

/**
 * Events that no incoming message stands behind (reservation expiry). Such an event is written in the
 * transaction of the change it announces and sent once that has committed, so a crash in between
 * cannot lose it: the row stays and the next round sends it. A row sent but not yet deleted when a
 * crash came is sent again under the same duplicate id, and the broker keeps one copy.
 */
@Stateless
public class Outbox {

    private static final String ADD = "INSERT INTO outbox (event) VALUES (?)";
    /** Oldest first; rows another instance is sending are skipped, not waited for. */
    private static final String TAKE = """
            WITH taken AS (
                DELETE FROM outbox WHERE id IN (SELECT id FROM outbox ORDER BY id LIMIT 500 FOR UPDATE SKIP LOCKED)
                RETURNING id, event)
            SELECT id, event FROM taken ORDER BY id""";

    @Inject
    Statements sql;

    @EJB
    InventoryEvents events;

    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void add(Answer event) {
        sql.update(ADD, event.json());
    }

    /** Sends what is waiting; the rows go when the sends have succeeded. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void sendWaiting() {
        sql.list(TAKE, row -> Answer.recorded(row.getString(2), "inventory-outbox:" + row.getLong(1)))
                .forEach(events::publish);
    }
}
