/**
 * Reservations of an order's items and the rules of their states (PENDING, CONFIRMED, RELEASED), expiry
 * included. Uses {@code inventory} (stock) and {@code platform}.
 */
package org.sagademo.inventory.reservation;
