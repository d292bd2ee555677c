package org.sagademo.inventory.inventory;

import jakarta.persistence.Query;

/**
 * Fired inside the transaction of POST /inventory/reset, before the products go and once the session's reset lock
 * is held ({@link SessionResetLock}): each package that keeps rows of the session deletes its own.
 */
public record SessionReset(String sessionId) {

    /**
     * Rows one statement deletes at most. A session's history grows with every order: one statement took 3.7 s over a
     * load test's 600,000 orders' reservations, and a larger session passes the pool's 5 s socket timeout (its
     * connection given up, the reset answered 503 every time); in batches no statement took over 0.35 s.
     */
    static final int BATCH = 20_000;

    /**
     * Runs a delete of the session's rows (parameter 1 the session, 2 at most how many) until none are left. Each
     * statement finds its batch first and then deletes those rows by their place in the table ({@code ctid}), a plan
     * that does not depend on the tables' statistics: a join of the rows with the batch, the first version, passed the
     * 5 s socket timeout in a CI run's reset of 45,000 orders that took 2 s here. A row an expiry changed meanwhile has
     * a new place: the next batch deletes it.
     */
    public void deleteInBatches(Query delete) {
        delete.setParameter(1, sessionId).setParameter(2, BATCH);
        int deleted;
        do {
            deleted = delete.executeUpdate();
        } while (deleted > 0);
    }
}
