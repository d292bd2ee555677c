/**
 * Products and their stock: the catalogue a session seeds and the HTTP API that reads it. The units that
 * reservations hold and take move with them, in the {@code reservation} feature's statements. Uses
 * {@code platform} only; what it shows of reservations it asks through {@code SessionReservations}, and a reset
 * tells others by {@code SessionReset}.
 */
package org.sagademo.inventory.inventory;
