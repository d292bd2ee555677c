package org.sagademo.inventory.saga;

import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sagademo.inventory.inventory.Product;
import org.sagademo.inventory.support.DirectPersistence;
import org.sagademo.inventory.support.OpenTransaction;
import org.sagademo.inventory.support.RealInfrastructure;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sagademo.inventory.support.OpenTransaction.assertWaits;

/**
 * A reset and the events of its session exclude each other (the session's reset lock, SessionReset), on
 * PostgreSQL directly: an event's first statement ({@link ProcessedEvent#RECORD}) against the reset's first, and a seed's.
 */
@ExtendWith(RealInfrastructure.class)
class SessionResetLockIT {

    /** Product.LOCK_FOR_RESET, the reset's first statement (Inventory.reset). */
    private static final String LOCK_FOR_RESET = "Product.lockForReset";

    @RegisterExtension
    static final DirectPersistence persistence = DirectPersistence.onTestDatabase();
    private final String session = "reset-lock-" + UUID.randomUUID();

    @Test
    void aResetWaitsForTheEventsOfItsSessionInFlight() throws Exception {
        try (OpenTransaction event = new OpenTransaction(persistence, em -> record(em, session, 1))) {
            assertWaits(() -> lock(LOCK_FOR_RESET, session), "a reset waits while an event's transaction is open");
            assertDoesNotThrow(() -> lock(LOCK_FOR_RESET, "other-" + session), "another session's reset does not wait");
            assertDoesNotThrow(() -> persistence.inTransaction(em -> record(em, session, 2)), "nor do the session's other events");
            event.commit();
        }
        assertDoesNotThrow(() -> lock(LOCK_FOR_RESET, session));
    }

    @Test
    void anEventWaitsForAResetOfItsSession() throws Exception {
        try (OpenTransaction reset = OpenTransaction.resetOf(persistence, session)) {
            assertWaits(() -> persistence.inTransaction(em -> record(em, session, 1)),
                    "an event waits while a reset's transaction is open");
            reset.commit();
        }
        assertEquals(Integer.valueOf(1), persistence.inTransaction(em -> record(em, session, 1)), "recorded once the reset committed");
    }

    @Test
    void aSeedWaitsForAResetOfItsSessionAndAResetForASeed() throws Exception {
        try (OpenTransaction reset = OpenTransaction.resetOf(persistence, session)) {
            assertWaits(() -> lock(Product.LOCK_AGAINST_RESET, session), "a seed waits while a reset's transaction is open");
            reset.commit();
        }
        try (OpenTransaction seed = new OpenTransaction(persistence, em -> em.createNamedQuery(Product.LOCK_AGAINST_RESET).setParameter(1, session).getSingleResult())) {
            assertWaits(() -> lock(LOCK_FOR_RESET, session), "a reset waits while a seed's transaction is open");
            assertDoesNotThrow(() -> lock(Product.LOCK_AGAINST_RESET, session), "another seed does not wait");
            seed.commit();
        }
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
}
