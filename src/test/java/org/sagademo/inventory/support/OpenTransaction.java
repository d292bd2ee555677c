package org.sagademo.inventory.support;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import org.junit.jupiter.api.function.Executable;

import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A transaction that has done its work on a thread of its own and stays open until committed (or closed). */
public final class OpenTransaction implements AutoCloseable {

    /** PostgreSQL's SQLSTATE when lock_timeout ends a wait. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final CountDownLatch done = new CountDownLatch(1);
    private final CountDownLatch commit = new CountDownLatch(1);
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final Future<?> transaction;

    public OpenTransaction(DirectPersistence persistence, Consumer<EntityManager> work) throws Exception {
        transaction = thread.submit(() -> persistence.inTransaction(em -> {
            work.accept(em);
            done.countDown();
            try {
                commit.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        while (!done.await(100, TimeUnit.MILLISECONDS)) {
            if (transaction.isDone()) {
                transaction.get(); // the work failed: its exception, rather than a wait without end
            }
        }
    }

    /** A reset of the session, open after its first statement: the session's reset lock, exclusive (Inventory.reset). */
    public static OpenTransaction resetOf(DirectPersistence persistence, String session) throws Exception {
        return new OpenTransaction(persistence,
                em -> em.createNamedQuery("Product.lockForReset").setParameter(1, session).getSingleResult());
    }

    /** The work gave up waiting for a lock (lock_not_available: it must set a lock_timeout), not failed for another reason. */
    public static void assertWaits(Executable work, String message) {
        PersistenceException failed = assertThrows(PersistenceException.class, work, message);
        Throwable cause = failed;
        while (cause != null && !(cause instanceof SQLException)) {
            cause = cause.getCause();
        }
        assertEquals(LOCK_NOT_AVAILABLE, cause == null ? null : ((SQLException) cause).getSQLState(), message + ": " + failed);
    }

    public void commit() throws Exception {
        commit.countDown();
        transaction.get();
    }

    @Override
    public void close() {
        commit.countDown();
        thread.shutdown();
    }
}
