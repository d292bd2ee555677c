package org.sagademo.inventory.inventory;

/** A line of an order the stock cannot cover: a product with fewer units available, or none of that id (0 available). */
public record Shortfall(String product, int requested, int available, boolean unknown) {

    public Shortfall(String product, int requested, int available) {
        this(product, requested, available, false);
    }

    /** A product the session does not have. */
    public static Shortfall ofUnknownProduct(String product, int requested) {
        return new Shortfall(product, requested, 0, true);
    }

    /** An unknown product by its id as sent ({@link Product#shown}). */
    @Override
    public String toString() {
        String named = Product.shown(product);
        return unknown ? named : named + " (requested: " + requested + ", available: " + available + ")";
    }
}
