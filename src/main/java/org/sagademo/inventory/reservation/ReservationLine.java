package org.sagademo.inventory.reservation;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** Units of one product held by a reservation. */
@Embeddable
public class ReservationLine {

    @Column(name = "product_id")
    private String productId;

    private int quantity;

    protected ReservationLine() {
    }
}
