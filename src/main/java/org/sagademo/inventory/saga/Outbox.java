package org.sagademo.inventory.saga;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.List;

/**
 * Events that no incoming message stands behind (reservation expiry). Such an event is written in the
 * transaction of the change it announces and sent once that has committed, so a crash in between
 * cannot lose it: the row stays and a later round sends it. A batch claims its rows, sends them outside any
 * transaction, then deletes them: a batch that dies or fails to send leaves them claimed, and a round after the claim
 * has expired sends them again, under the duplicate ids chosen when they were written, so the broker keeps one copy.
 */
@Stateless
public class Outbox {

    /**
     * Five sends, each given up after 5 s and tried once more, take at most 50 s: within a claim, so that no other
     * instance takes rows a live batch is still sending.
     */
    private static final int BATCH = 5;
    private static final int CLAIM_SECONDS = 60;
    private static final int BATCHES_PER_ROUND = 100;

    @Resource
    SessionContext context;

    @PersistenceContext
    EntityManager em;

    @EJB
    InventoryEvents events;

    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void add(OutgoingEvent event) {
        em.persist(new OutboxEvent(event.sessionId(), Answer.of(event)));
    }

    /**
     * Sends the oldest events waiting, a batch at a time, at most {@link #BATCHES_PER_ROUND} of them (a round of the
     * expiry timer stays short after a broker outage). No transaction is open while the broker is called: a slow
     * broker holds no row lock that a reset would wait for, and no connection idle in a transaction.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void sendWaiting() {
        Outbox self = context.getBusinessObject(Outbox.class);
        for (int batch = 0; batch < BATCHES_PER_ROUND; batch++) {
            List<Object[]> claimed = self.claim();
            claimed.forEach(row -> events.publish(Answer.recorded((String) row[1], (String) row[2])));
            if (!claimed.isEmpty()) {
                self.forget(claimed.stream().map(row -> ((Number) row[0]).longValue()).toList());
            }
            if (claimed.size() < BATCH) {
                return;
            }
        }
    }

    /** @return id, event and answer id of each row claimed */
    @SuppressWarnings("unchecked")
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<Object[]> claim() {
        return em.createNamedQuery(OutboxEvent.CLAIM).setParameter(1, BATCH).setParameter(2, CLAIM_SECONDS).getResultList();
    }

    /** Rows sent; any a reset deleted meanwhile are gone already. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void forget(List<Long> sent) {
        em.createNamedQuery(OutboxEvent.DELETE_SENT).setParameter("ids", sent).executeUpdate();
    }
}
