package org.sagademo.inventory.saga;

import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sagademo.inventory.support.DirectPersistence;
import org.sagademo.inventory.support.RealInfrastructure;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbox's claims ({@link Outbox}), on PostgreSQL directly through the named queries: a claimed row is not taken
 * again while its batch may still be sending it; it is taken again once its batch gave it back (a send failed) or its
 * claim expired (the batch died). (A reset deletes it all the same: SagaIT.)
 * Each row is written and claimed in one transaction, so that a service on the same database (another test class's)
 * never sees it unclaimed; its events are ones that service could send.
 */
@ExtendWith(RealInfrastructure.class)
class OutboxClaimsIT {

    @RegisterExtension
    static final DirectPersistence persistence = DirectPersistence.onTestDatabase();
    private final String session = "outbox-claims-" + UUID.randomUUID();

    @AfterEach
    void forgetTheRows() {
        persistence.inTransaction(em -> em.createNamedQuery(OutboxEvent.DELETE_SESSION).setParameter("session", session).executeUpdate());
    }

    @Test
    void aClaimedEventIsTakenAgainOnlyOnceItsClaimHasExpired() {
        long claimed = writtenAndClaimed();
        assertFalse(persistence.inTransaction(this::claimAll).contains(claimed),
                "not by another batch while the first may still be sending it");
        assertTrue(persistence.inTransaction(em -> {
            em.createNativeQuery("UPDATE outbox SET claimed_at = claimed_at - interval '10 minutes' WHERE id = ?1")
                    .setParameter(1, claimed).executeUpdate();
            return claimAll(em);
        }).contains(claimed), "taken again once the claim has expired: the batch that claimed it died");
    }

    @Test
    void anEventABatchGaveBackIsTakenAgainAtOnce() {
        long claimed = writtenAndClaimed();
        assertTrue(persistence.inTransaction(em -> {
            em.createNamedQuery(OutboxEvent.UNCLAIM).setParameter("ids", List.of(claimed)).executeUpdate();
            return claimAll(em);
        }).contains(claimed), "a send failed: the next round sends it");
    }

    /** An expiry's event of this session, written and claimed by a batch in one transaction. */
    private long writtenAndClaimed() {
        return persistence.inTransaction(em -> {
            long id = ((Number) em.createNativeQuery("INSERT INTO outbox (session_id, event) VALUES (?1, ?2) RETURNING id")
                    .setParameter(1, session)
                    .setParameter(2, ("{\"type\":\"INVENTORY_RELEASED\",\"correlationId\":\"o1\",\"sessionId\":\"%s\","
                            + "\"timestamp\":\"2026-12-06T00:00:00.000Z\",\"data\":{\"orderId\":\"o1\",\"items\":[],"
                            + "\"reason\":\"expired\"}}").formatted(session))
                    .getSingleResult()).longValue();
            assertTrue(claimAll(em).contains(id), "claimed by the first batch");
            return id;
        });
    }

    /**
     * A batch as large as the outbox: whatever else waits in the test database, this session's rows are among them.
     * The claims on other sessions' rows are given back at once (claimed now, in this transaction), not left for minutes.
     */
    @SuppressWarnings("unchecked")
    private List<Long> claimAll(EntityManager em) {
        List<Long> claimed = ((List<Object[]>) em.createNamedQuery(OutboxEvent.CLAIM).setParameter(1, Integer.MAX_VALUE)
                .setParameter(2, Outbox.CLAIM_SECONDS).getResultList()).stream().map(row -> ((Number) row[0]).longValue()).toList();
        em.createNativeQuery("UPDATE outbox SET claimed_at = NULL WHERE claimed_at = now() AND session_id IS DISTINCT FROM ?1")
                .setParameter(1, session).executeUpdate();
        return claimed;
    }
}
