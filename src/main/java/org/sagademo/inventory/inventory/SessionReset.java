package org.sagademo.inventory.inventory;

import jakarta.persistence.Query;

/**
 * Fired inside the transaction of POST /inventory/reset, before the products go and once the session's reset lock
 * is held ({@link SessionLocks}): each package that keeps rows of the session deletes its own.
 */
public record SessionReset(String sessionId) {

    /**
     * Rows one statement deletes at most. A session's history grows with every order: one statement over a load test's
     * several hundred thousand orders takes seconds, and past the pool's 5 s socket timeout (its connection given up)
     * the reset was answered 503 every time; a batch takes a fraction of a second.
     */
    static final int BATCH = 20_000;

    /**
     * Runs a delete of the session's rows (parameter 1 the session, 2 at most how many) until none are left. Each
     * statement finds its batch first and then deletes those rows by their place in the table ({@code ctid}), a plan
     * that does not depend on the tables' statistics (a join of the rows with the batch, the first version, passed the
     * socket timeout in one CI run's reset of 45,000 orders). A row an expiry changed meanwhile has a new place: the
     * next batch deletes it.
     */
    public void deleteInBatches(Query delete) {
        delete.setParameter(1, sessionId).setParameter(2, BATCH);
        int deleted;
        do {
            deleted = delete.executeUpdate();
        } while (deleted > 0);
    }
}
