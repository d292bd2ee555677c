package org.sagademo.inventory.saga;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.sagademo.inventory.inventory.SessionReset;

/** A reset session forgets which events it processed, so that the demo can send the same orders again. */
@ApplicationScoped
class ProcessedEventsReset {

    @PersistenceContext
    EntityManager em;

    void forget(@Observes SessionReset reset) {
        em.createNamedQuery(ProcessedEvent.DELETE_SESSION).setParameter("session", reset.sessionId()).executeUpdate();
    }
}
