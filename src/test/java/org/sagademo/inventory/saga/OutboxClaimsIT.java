package org.sagademo.inventory.saga;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sagademo.inventory.support.DirectPersistence;
import org.sagademo.inventory.support.RealInfrastructure;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbox's claims ({@link Outbox}), on PostgreSQL directly through the named queries: a claimed row is not taken
 * again while its batch may still be sending it, is taken again once the claim has expired (the batch died), and a
 * reset deletes it all the same, so that nothing of the reset session comes back after a failed send.
 */
@ExtendWith(RealInfrastructure.class)
class OutboxClaimsIT {

    private static final int CLAIM_SECONDS = 60;

    @RegisterExtension
    static final DirectPersistence persistence = DirectPersistence.onTestDatabase();
    private final String session = "outbox-claims-" + UUID.randomUUID();

    @AfterEach
    void forgetTheRows() {
        persistence.inTransaction(em -> em.createNamedQuery(OutboxEvent.DELETE_SESSION).setParameter("session", session).executeUpdate());
    }

    @Test
    void aClaimedEventIsTakenAgainOnlyOnceItsClaimHasExpired() {
        long waiting = waitingToBeSent();
        assertTrue(claimAll().contains(waiting), "claimed by the first batch");
        assertFalse(claimAll().contains(waiting), "not by another while the first may still be sending it");

        persistence.inTransaction(em -> em.createNativeQuery("UPDATE outbox SET claimed_at = claimed_at - interval '2 minutes' WHERE id = ?1")
                .setParameter(1, waiting).executeUpdate());
        assertTrue(claimAll().contains(waiting), "taken again once the claim has expired: the batch that claimed it died");
    }

    @Test
    void aResetDeletesAClaimedEventAndNothingOfItComesBack() {
        long beingSent = waitingToBeSent();
        assertTrue(claimAll().contains(beingSent));
        int forgotten = persistence.inTransaction(em -> {
            em.createNativeQuery("SET LOCAL lock_timeout = '300ms'").executeUpdate();
            return em.createNamedQuery(OutboxEvent.DELETE_SESSION).setParameter("session", session).executeUpdate();
        });
        assertEquals(1, forgotten, "the reset does not wait for the batch, which holds no lock");
        long left = persistence.inTransaction(em -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM outbox WHERE session_id = ?1").setParameter(1, session).getSingleResult()).longValue());
        assertEquals(0, left, "nothing left for a later round, should the batch's send fail");
    }

    private long waitingToBeSent() {
        return persistence.inTransaction(em -> ((Number) em.createNativeQuery(
                "INSERT INTO outbox (session_id, event) VALUES (?1, '{}') RETURNING id").setParameter(1, session)
                .getSingleResult()).longValue());
    }

    /** A batch as large as the outbox: whatever else waits in the test database, this session's rows are among them. */
    @SuppressWarnings("unchecked")
    private static List<Long> claimAll() {
        return persistence.inTransaction(em -> ((List<Object[]>) em.createNamedQuery(OutboxEvent.CLAIM)
                .setParameter(1, Integer.MAX_VALUE).setParameter(2, CLAIM_SECONDS).getResultList())
                .stream().map(row -> ((Number) row[0]).longValue()).toList());
    }
}
