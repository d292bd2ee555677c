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
 * cannot lose it: the row stays and the next round sends it. A row sent but not yet deleted when a
 * crash came is sent again under the same duplicate id, chosen when it was written, and the broker keeps one copy.
 */
@Stateless
public class Outbox {

    private static final int BATCH = 5;
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
     * expiry timer stays short after a broker outage). A batch holds its transaction open while it sends, so its rows
     * go only once its sends have succeeded: five sends, each given up after 5 s and tried once more, take at most
     * 50 s, inside the database's limit on an idle transaction (60 s, pre-boot-commands.asadmin), which would roll the
     * batch back and send it again round after round.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void sendWaiting() {
        Outbox self = context.getBusinessObject(Outbox.class);
        for (int batch = 0; batch < BATCHES_PER_ROUND && self.sendBatch() == BATCH; batch++) {
            // a full batch: there may be more
        }
    }

    /** @return how many were sent */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int sendBatch() {
        @SuppressWarnings("unchecked")
        List<Object[]> taken = em.createNamedQuery(OutboxEvent.TAKE).setParameter(1, BATCH).getResultList();
        taken.forEach(row -> events.publish(Answer.recorded((String) row[0], (String) row[1])));
        return taken.size();
    }
}
