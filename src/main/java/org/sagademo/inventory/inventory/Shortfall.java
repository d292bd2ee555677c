package org.sagademo.inventory.inventory;

/** A line of an order the stock cannot cover; {@code available} is 0 for an unknown product. */
public record Shortfall(String product, int requested, int available) {

    @Override
    public String toString() {
        return product + " (requested: " + requested + ", available: " + available + ")";
    }
}
