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

    ReservationLine(String productId, int quantity) {
        this.productId = productId;
        this.quantity = quantity;
    }

    String productId() {
        return productId;
    }

    int quantity() {
        return quantity;
    }
}
