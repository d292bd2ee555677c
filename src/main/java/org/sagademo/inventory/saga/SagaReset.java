package org.sagademo.inventory.saga;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.sagademo.inventory.inventory.SessionReset;

/**
 * A reset session forgets which events it processed, so that the demo can send the same orders again, and the
 * events it has yet to send (an expiry waiting for the broker), which would read as news of those orders. A batch
 * sending some at that moment holds no lock on them ({@link Outbox}): the reset does not wait for the broker, and
 * what that batch fails to send does not come back.
 */
@ApplicationScoped
class SagaReset {

    @PersistenceContext
    EntityManager em;

    void forgetProcessedEvents(@Observes SessionReset reset) {
        reset.deleteInBatches(em.createNamedQuery(ProcessedEvent.DELETE_SESSION));
    }

    /**
     * After the other observers: the reservations' delete waits for an expiry of the session that is committing, and
     * only then is its outbox row there to delete.
     */
    void forgetWaitingEvents(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) SessionReset reset) {
        em.createNamedQuery(OutboxEvent.DELETE_SESSION).setParameter("session", reset.sessionId()).executeUpdate();
    }
}
