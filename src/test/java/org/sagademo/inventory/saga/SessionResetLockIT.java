package org.sagademo.inventory.saga;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import org.sagademo.inventory.support.DirectPersistence;
import org.sagademo.inventory.support.RealInfrastructure;

import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A reset and the events of its session exclude each other (the session's reset lock, SessionReset), on
 * PostgreSQL directly: an event's first statement ({@link ProcessedEvent#RECORD}) against the reset's first, and a seed's.
 */
@ExtendWith(RealInfrastructure.class)
class SessionResetLockIT {

    /** Product.LOCK_FOR_RESET, the reset's first statement (Inventory.reset). */
    private static final String LOCK_FOR_RESET = "Product.lockForReset";
    /** Product.LOCK_FOR_SEED, a seed's first statement (Inventory.seed). */
    private static final String LOCK_FOR_SEED = "Product.lockForSeed";
    /** PostgreSQL's SQLSTATE when lock_timeout ends a wait. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    @RegisterExtension
    static final DirectPersistence persistence = DirectPersistence.onTestDatabase();
    private final String session = "reset-lock-" + UUID.randomUUID();

    @Test
    void aResetWaitsForTheEventsOfItsSessionInFlight() throws Exception {
        try (OpenTransaction event = new OpenTransaction(em -> record(em, session, 1))) {
            assertWaits(() -> lock(LOCK_FOR_RESET, session), "a reset waits while an event's transaction is open");
            assertDoesNotThrow(() -> lock(LOCK_FOR_RESET, "other-" + session), "another session's reset does not wait");
            assertDoesNotThrow(() -> persistence.inTransaction(em -> record(em, session, 2)), "nor do the session's other events");
            event.commit();
        }
        assertDoesNotThrow(() -> lock(LOCK_FOR_RESET, session));
    }

    @Test
    void anEventWaitsForAResetOfItsSession() throws Exception {
        try (OpenTransaction reset = new OpenTransaction(em -> em.createNamedQuery(LOCK_FOR_RESET).setParameter(1, session).getSingleResult())) {
            assertWaits(() -> persistence.inTransaction(em -> record(em, session, 1)),
                    "an event waits while a reset's transaction is open");
            reset.commit();
        }
        assertEquals(Integer.valueOf(1), persistence.inTransaction(em -> record(em, session, 1)), "recorded once the reset committed");
    }

    @Test
    void aSeedWaitsForAResetOfItsSessionAndAResetForASeed() throws Exception {
        try (OpenTransaction reset = new OpenTransaction(em -> em.createNamedQuery(LOCK_FOR_RESET).setParameter(1, session).getSingleResult())) {
            assertWaits(() -> lock(LOCK_FOR_SEED, session), "a seed waits while a reset's transaction is open");
            reset.commit();
        }
        try (OpenTransaction seed = new OpenTransaction(em -> em.createNamedQuery(LOCK_FOR_SEED).setParameter(1, session).getSingleResult())) {
            assertWaits(() -> lock(LOCK_FOR_RESET, session), "a reset waits while a seed's transaction is open");
            assertDoesNotThrow(() -> lock(LOCK_FOR_SEED, session), "another seed does not wait");
            seed.commit();
        }
    }

    /** The work gave up waiting for a lock (lock_not_available), not failed for another reason. */
    private static void assertWaits(Executable work, String message) {
        PersistenceException failed = assertThrows(PersistenceException.class, work, message);
        Throwable cause = failed;
        while (cause != null && !(cause instanceof SQLException)) {
            cause = cause.getCause();
        }
        assertEquals(LOCK_NOT_AVAILABLE, cause == null ? null : ((SQLException) cause).getSQLState(), message + ": " + failed);
    }

    /** The event's first statement, giving up after 300 ms of waiting for a lock. */
    private static int record(EntityManager em, String session, int order) {
        em.createNativeQuery("SET LOCAL lock_timeout = '300ms'").executeUpdate();
        return em.createNamedQuery(ProcessedEvent.RECORD).setParameter(1, session).setParameter(2, "ORDER_CREATED:o" + order)
                .executeUpdate();
    }

    /** Takes the lock of the named query, giving up after 300 ms of waiting. */
    private static void lock(String query, String session) {
        persistence.inTransaction(em -> {
            em.createNativeQuery("SET LOCAL lock_timeout = '300ms'").executeUpdate();
            return em.createNamedQuery(query).setParameter(1, session).getSingleResult();
        });
    }

    /** A transaction that has done its work on a thread of its own and stays open until committed (or closed). */
    private static final class OpenTransaction implements AutoCloseable {
        private final CountDownLatch done = new CountDownLatch(1);
        private final CountDownLatch commit = new CountDownLatch(1);
        private final ExecutorService thread = Executors.newSingleThreadExecutor();
        private final Future<?> transaction;

        OpenTransaction(Consumer<EntityManager> work) throws Exception {
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

        void commit() throws Exception {
            commit.countDown();
            transaction.get();
        }

        @Override
        public void close() {
            commit.countDown();
            thread.shutdown();
        }
    }
}
