package org.sagademo.inventory.reservation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.sagademo.inventory.inventory.SessionReset;

/** A reset session forgets its reservations (their lines go with them), before its products go. */
@ApplicationScoped
class ReservationReset {

    @PersistenceContext
    EntityManager em;

    void forgetReservations(@Observes SessionReset reset) {
        reset.deleteInBatches(em.createNamedQuery(Reservation.DELETE_SESSION));
    }
}
