package org.sagademo.inventory.faults;

import org.sagademo.inventory.clients.Api;
import org.sagademo.inventory.clients.SagaMessages;

import java.util.Optional;

/**
 * The soak's orders, every kind of event the service reads among them: order {@code i} has a fate fixed
 * by {@code i % 10}, and the order and payment services' answer to its INVENTORY_RESERVED follows from it.
 * One or two lines over {@link #PRODUCTS} products with ample stock; one order in ten wants a product with none.
 */
final class OrderMix {

    static final int PRODUCTS = 20;
    /** Stock of each product: more than a long soak confirms. */
    static final int STOCK_EACH = 1_000_000;
    static final String SOLD_OUT = "sold-out";

    /** What becomes of an order, and so which answers it must get. */
    enum Fate {
        /** PAYMENT_SUCCESS after INVENTORY_RESERVED: confirmed (or released as expired, had the payment come too late). */
        PAID,
        /** PAYMENT_FAILED after INVENTORY_RESERVED: released. */
        PAYMENT_FAILED,
        /** ORDER_CANCELLED after INVENTORY_RESERVED: released. */
        CANCELLED,
        /** Nothing after INVENTORY_RESERVED: released when its time to live is over. */
        ABANDONED,
        /** inventoryBehaviour "failure": INVENTORY_FAILED. */
        REFUSED,
        /** A line for a product with no stock: INVENTORY_FAILED. */
        OUT_OF_STOCK;

        boolean reserves() {
            return this != REFUSED && this != OUT_OF_STOCK;
        }

        /** Whether it must end released (an INVENTORY_RELEASED answer); PAID may, when expiry came first. */
        boolean released() {
            return this == PAYMENT_FAILED || this == CANCELLED || this == ABANDONED;
        }
    }

    private final String session;

    OrderMix(String session) {
        this.session = session;
    }

    static Fate fate(int order) {
        return switch (order % 10) {
            case 0, 1, 2, 3 -> Fate.PAID;
            case 4, 5 -> Fate.PAYMENT_FAILED;
            case 6 -> Fate.CANCELLED;
            case 7 -> Fate.ABANDONED;
            case 8 -> Fate.REFUSED;
            default -> Fate.OUT_OF_STOCK;
        };
    }

    static String orderId(int order) {
        return "o" + order;
    }

    /** The order's number from its id, or -1 for an id that is not one of the mix's. */
    static int order(String orderId) {
        return orderId != null && orderId.matches("o\\d+") ? Integer.parseInt(orderId.substring(1)) : -1;
    }

    String session() {
        return session;
    }

    /** The catalogue the session starts from. */
    String catalogue() {
        return Api.catalogue(PRODUCTS, STOCK_EACH).replace("]}",
                ",{\"id\":\"" + SOLD_OUT + "\",\"name\":\"Sold out\",\"stock_level\":0}]}");
    }

    /** ORDER_CREATED of order {@code i}. */
    String created(int order) {
        return switch (fate(order)) {
            case REFUSED -> SagaMessages.orderWithBehaviour(session, orderId(order), "failure", items(order));
            case OUT_OF_STOCK -> SagaMessages.orderCreated(session, orderId(order), withSoldOut(items(order)));
            default -> SagaMessages.orderCreated(session, orderId(order), items(order));
        };
    }

    /** What the saga sends once order {@code i} is reserved, if anything. */
    Optional<String> afterReserved(int order) {
        return switch (fate(order)) {
            case PAID -> Optional.of(SagaMessages.paymentSuccess(session, orderId(order)));
            case PAYMENT_FAILED -> Optional.of(SagaMessages.paymentFailed(session, orderId(order), "card declined"));
            case CANCELLED -> Optional.of(SagaMessages.orderCancelled(session, orderId(order), items(order)));
            default -> Optional.empty();
        };
    }

    /** One line, or two for every third order. */
    private static Object[] items(int order) {
        String first = "p" + order % PRODUCTS;
        return order % 3 == 0 ? new Object[] {first, 1, "p" + (order + 7) % PRODUCTS, 2} : new Object[] {first, 1};
    }

    private static Object[] withSoldOut(Object[] items) {
        Object[] lines = java.util.Arrays.copyOf(items, items.length + 2);
        lines[items.length] = SOLD_OUT;
        lines[items.length + 1] = 1;
        return lines;
    }
}
