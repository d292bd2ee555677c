/**
 * Reservations of an order's items and the rules of their states (PENDING, CONFIRMED, RELEASED), expiry
 * included, with the stock they hold: a reservation and its units move in one statement. Uses {@code inventory}
 * (what it shows of reservations, a shortfall) and {@code platform}.
 */
package org.sagademo.inventory.reservation;
