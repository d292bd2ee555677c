/**
 * Products and their stock: the catalogue a session seeds (which sets stock levels), the HTTP API that reads it, and
 * {@code Stock}, the only code that changes them after that, and reserved units. Uses {@code platform} only; what it
 * shows of reservations it asks through {@code InventoryQueries}, and a reset tells others by {@code SessionReset}.
 */
package org.sagademo.inventory.inventory;
