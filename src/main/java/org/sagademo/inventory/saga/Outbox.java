package org.sagademo.inventory.saga;

import jakarta.ejb.EJB;
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

    @PersistenceContext
    EntityManager em;

    @EJB
    InventoryEvents events;

    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void add(OutgoingEvent event) {
        em.persist(new OutboxEvent(event.sessionId(), Answer.of(event)));
    }

    /** Sends what is waiting; the rows go when the sends have succeeded. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void sendWaiting() {
        @SuppressWarnings("unchecked")
        List<Object[]> taken = em.createNamedQuery(OutboxEvent.TAKE).getResultList();
        taken.forEach(row -> events.publish(Answer.recorded((String) row[0], (String) row[1])));
    }
}
