package org.sagademo.inventory.reservation;

import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sagademo.inventory.inventory.Shortfall;
import org.sagademo.inventory.inventory.Stock;
import org.sagademo.inventory.localstack.Rows;
import org.sagademo.inventory.platform.ChangedMeanwhile;
import org.sagademo.inventory.reservation.ReservationOutcome.Anomaly;
import org.sagademo.inventory.reservation.ReservationOutcome.Confirmed;
import org.sagademo.inventory.reservation.ReservationOutcome.Refused;
import org.sagademo.inventory.reservation.ReservationOutcome.Released;
import org.sagademo.inventory.reservation.ReservationOutcome.Reserved;
import org.sagademo.inventory.reservation.ReservationOutcome.Unchanged;
import org.sagademo.inventory.support.DirectPersistence;
import org.sagademo.inventory.support.OpenTransaction;
import org.sagademo.inventory.support.RealInfrastructure;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sagademo.inventory.support.Eventually.eventually;
import static org.sagademo.inventory.support.OpenTransaction.assertWaits;

/**
 * The reservation rules that sit in SQL ({@link Reservation}'s and the product's named queries), run against
 * PostgreSQL directly: each call one transaction, as each event is in the service.
 */
@ExtendWith(RealInfrastructure.class)
class ReservationRulesIT {

    @RegisterExtension
    static final DirectPersistence persistence = DirectPersistence.onTestDatabase();
    /** A compensation's order was not refused before (it may come later, or hold a reservation). */
    private static final BooleanSupplier NOT_REFUSED = () -> false;

    private final Rows rows = RealInfrastructure.rows();
    private String session;


    @BeforeEach
    void seed() {
        session = "rules-" + UUID.randomUUID();
        persistence.inTransaction(em -> em.createNativeQuery(
                        "INSERT INTO products (session_id, id, name, stock_level) VALUES (?1, 'laptop', 'Laptop', 5), (?1, 'mouse', 'Mouse', 1)")
                .setParameter(1, session).executeUpdate());
    }

    @Test
    void aReservationHoldsEveryItemOrNothing() {
        List<String> seeded = rows.versions(session);
        ReservationOutcome refused = inTransaction(reservations -> reservations.reserve(session, "order-1",
                List.of(new RequestedItem("laptop", 3), new RequestedItem("mouse", 2))));

        assertEquals(List.of(new Shortfall("mouse", 2, 1)), assertInstanceOf(Refused.class, refused).shortfalls());
        assertEquals(new Rows.Stock(5, 0), rows.stock(session, "laptop"), "no laptop reserved");
        assertEquals(new Rows.Stock(1, 0), rows.stock(session, "mouse"));
        assertEquals(seeded, rows.versions(session), "no row changed: not its version, not its update time");
        assertNull(rows.reservationStatus(session, "order-1"), "a refused order keeps no reservation");
        assertEquals(0, rows.count("reservation_lines", session));

        ReservationOutcome reserved = inTransaction(reservations -> reservations.reserve(session, "order-2",
                List.of(new RequestedItem("laptop", 3), new RequestedItem("mouse", 1))));

        assertEquals(Map.of("laptop", 3, "mouse", 1), assertInstanceOf(Reserved.class, reserved).units());
        assertEquals(new Rows.Stock(5, 3), rows.stock(session, "laptop"));
        assertEquals(new Rows.Stock(1, 1), rows.stock(session, "mouse"));
        assertEquals("PENDING", rows.reservationStatus(session, "order-2"));
        assertEquals(2, rows.count("reservation_lines", session));
        assertEquals(List.of(), rows.invariantViolations(session));
    }

    @Test
    void onlyAPendingReservationSettles() {
        inTransaction(reservations -> reservations.reserve(session, "order-1", List.of(new RequestedItem("laptop", 2))));

        assertInstanceOf(Confirmed.class, inTransaction(reservations -> reservations.confirm(session, "order-1")));
        assertEquals(new Rows.Stock(3, 0), rows.stock(session, "laptop"), "paid units left the stock");

        assertInstanceOf(Anomaly.class, inTransaction(reservations -> reservations.confirm(session, "order-1")));
        assertInstanceOf(Anomaly.class, inTransaction(reservations -> reservations.release(session, "order-1", "Order cancelled", NOT_REFUSED)));
        assertInstanceOf(Unchanged.class, inTransaction(reservations ->
                reservations.expire(session, "order-1", OffsetDateTime.now().plusDays(1))));
        assertEquals(new Rows.Stock(3, 0), rows.stock(session, "laptop"), "a settled reservation moves no stock again");
        assertEquals("CONFIRMED", rows.reservationStatus(session, "order-1"));
    }

    @Test
    void expiryReleasesOnlyWhatWasHeldPastItsTimeToLive() {
        inTransaction(reservations -> reservations.reserve(session, "order-1", List.of(new RequestedItem("laptop", 2))));

        assertInstanceOf(Unchanged.class, inTransaction(reservations ->
                reservations.expire(session, "order-1", reservations.expiryCutoff(Duration.ofMinutes(1)))));
        assertEquals(new Rows.Stock(5, 2), rows.stock(session, "laptop"));

        Released released = assertInstanceOf(Released.class, inTransaction(reservations ->
                reservations.expire(session, "order-1", reservations.expiryCutoff(Duration.ZERO))));
        assertEquals(Map.of("laptop", 2), released.units());
        assertEquals(new Rows.Stock(5, 0), rows.stock(session, "laptop"));
        assertEquals("RELEASED", rows.reservationStatus(session, "order-1"));
    }

    /**
     * Expiry waits for a reset of the session, as an event does: one that settled a reservation while the reset deleted
     * the session's could leave it behind the reset.
     */
    @Test
    void expiryWaitsForAResetOfItsSession() throws Exception {
        inTransaction(reservations -> reservations.reserve(session, "order-1", List.of(new RequestedItem("laptop", 2))));
        try (OpenTransaction reset = OpenTransaction.resetOf(persistence, session)) {
            assertWaits(() -> persistence.inTransaction(em -> {
                em.createNativeQuery("SET LOCAL lock_timeout = '300ms'").executeUpdate();
                StockReservations reservations = reservationsIn(em);
                return reservations.expire(session, "order-1", reservations.expiryCutoff(Duration.ZERO));
            }), "expiry waits while a reset's transaction is open");
            reset.commit();
        }
        assertEquals("PENDING", rows.reservationStatus(session, "order-1"), "nothing expired while the reset held its lock");
        assertInstanceOf(Released.class, inTransaction(reservations ->
                reservations.expire(session, "order-1", reservations.expiryCutoff(Duration.ZERO))));
    }

    @Test
    void aCompensationAfterItsOrderWasRefusedRecordsNothing() {
        Released released = assertInstanceOf(Released.class,
                inTransaction(reservations -> reservations.release(session, "order-1", "Order cancelled", () -> true)));
        assertTrue(released.units().isEmpty());
        assertNull(rows.reservationStatus(session, "order-1"), "no released reservation for an order that held nothing");
    }

    @Test
    void aCompensationBeforeItsOrderBarsTheOrder() {
        Released released = assertInstanceOf(Released.class,
                inTransaction(reservations -> reservations.release(session, "order-1", "Order cancelled", NOT_REFUSED)));
        assertTrue(released.units().isEmpty());

        Refused refused = assertInstanceOf(Refused.class, inTransaction(reservations ->
                reservations.reserve(session, "order-1", List.of(new RequestedItem("laptop", 1)))));
        assertTrue(refused.reason().contains("RELEASED"), refused.reason());
        assertEquals(new Rows.Stock(5, 0), rows.stock(session, "laptop"));
    }

    @Test
    void concurrentOrdersNeverTakeMoreThanTheStock() throws Exception {
        List<ReservationOutcome> outcomes = concurrently(12, order -> List.of(new RequestedItem("laptop", 1)));

        assertEquals(5, outcomes.stream().filter(Reserved.class::isInstance).count(), "as many orders as laptops are held");
        assertEquals(new Rows.Stock(5, 5), rows.stock(session, "laptop"));
        assertEquals(List.of(), rows.invariantViolations(session));
    }

    @Test
    void concurrentOrdersOfSeveralProductsHoldAllOrNothingWithoutDeadlock() throws Exception {
        List<ReservationOutcome> outcomes = concurrently(12, order -> List.of(
                new RequestedItem(order % 2 == 0 ? "laptop" : "mouse", 1), new RequestedItem(order % 2 == 0 ? "mouse" : "laptop", 1)));

        assertEquals(1, outcomes.stream().filter(Reserved.class::isInstance).count(), "one mouse: one order gets both");
        assertEquals(new Rows.Stock(5, 1), rows.stock(session, "laptop"), "the refused orders hold no laptop");
        assertEquals(new Rows.Stock(1, 1), rows.stock(session, "mouse"));
        assertEquals(List.of(), rows.invariantViolations(session));
    }

    /**
     * An order of several products reads them under their rows' locks: it waits for a transaction that holds one of
     * them, and then reads what that transaction left. A read without the lock would find the laptops free, pass its
     * check, and meet them taken only at its update.
     */
    @Test
    void anOrderOfSeveralProductsReadsThemUnderTheirLocks() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection other = rows.transaction()) {
            Rows.lockProduct(other, session, "laptop");
            Future<ReservationOutcome> order = pool.submit(() -> inTransaction(reservations -> reservations.reserve(session,
                    "order-1", List.of(new RequestedItem("laptop", 1), new RequestedItem("mouse", 1)))));
            eventually().alias("the order waiting for the laptop's row").until(() -> rows.lockingReadsWaiting() > 0);
            try (PreparedStatement takeAll = other.prepareStatement("UPDATE products SET reserved = 5 WHERE session_id = ? AND id = 'laptop'")) {
                takeAll.setString(1, session);
                takeAll.executeUpdate();
            }
            other.commit();
            Refused refused = assertInstanceOf(Refused.class, order.get(30, TimeUnit.SECONDS));
            assertEquals(List.of(new Shortfall("laptop", 1, 0)), refused.shortfalls());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(new Rows.Stock(1, 0), rows.stock(session, "mouse"));
    }

    @Test
    void anUnknownProductIsShortOfEverything() {
        Refused refused = assertInstanceOf(Refused.class, inTransaction(reservations -> reservations.reserve(session, "order-1",
                List.of(new RequestedItem("laptop", 1), new RequestedItem("tablet", 1)))));

        assertEquals(List.of(Shortfall.ofUnknownProduct("tablet", 1)), refused.shortfalls());
        assertEquals("Unknown product: tablet", refused.reason());
        assertEquals(new Rows.Stock(5, 0), rows.stock(session, "laptop"));
    }

    @Test
    void anIdNoProductCanHaveIsUnknownBesideTheLinesThatAreShort() {
        Refused refused = assertInstanceOf(Refused.class, inTransaction(reservations -> reservations.reserve(session, "order-1",
                List.of(new RequestedItem("not an id!", 1), new RequestedItem("laptop", 9)))));

        assertEquals(List.of(new Shortfall("laptop", 9, 5), Shortfall.ofUnknownProduct("not an id!", 1)), refused.shortfalls());
        assertEquals("Unknown product: not an id!; Insufficient stock: laptop (requested: 9, available: 5)", refused.reason());
        assertEquals(new Rows.Stock(5, 0), rows.stock(session, "laptop"));
    }

    @Test
    void unitsFreedWhileAShortOrderIsReadBackRollItBackInsteadOfHoldingNothing() {
        setReserved("laptop", 5);
        // a release of the 5 laptops commits after the order's update found none and before the stock is read back
        Runnable concurrentRelease = () -> setReserved("laptop", 0);

        assertThrows(ChangedMeanwhile.class, () -> persistence.inTransaction(em -> {
            EntityManager racing = before("Product.available", em, concurrentRelease);
            return reservationsIn(racing).reserve(session, "order-1", List.of(new RequestedItem("laptop", 1)));
        }), "neither reserved (nothing is held) nor refused on a reading that no longer holds: delivered again");
        assertNull(rows.reservationStatus(session, "order-1"), "rolled back");
        assertEquals(new Rows.Stock(5, 0), rows.stock(session, "laptop"));
        assertEquals(List.of(), rows.invariantViolations(session));

        assertInstanceOf(Reserved.class, inTransaction(reservations -> reservations.reserve(session, "order-1",
                List.of(new RequestedItem("laptop", 1)))), "the event delivered again");
        assertEquals(new Rows.Stock(5, 1), rows.stock(session, "laptop"));
    }

    /**
     * A cancellation and its order in the hands of two consumers at once (events without a group id): the order's
     * reservation commits after the cancellation's settlement found nothing to release and before it reads why. Judged
     * on that reading, the cancellation would be an anomaly, recorded as applied: lost, the units held for a cancelled
     * order. It rolls back instead, and its redelivery releases them. The same for a payment.
     */
    @Test
    void aSettlementThatMeetsItsOrderCommittedMeanwhileIsAppliedOnItsRedelivery() {
        for (String order : List.of("cancelled-order", "paid-order")) {
            boolean cancel = order.startsWith("cancelled");
            Runnable orderCommits = () -> inTransaction(reservations -> reservations.reserve(session, order,
                    List.of(new RequestedItem("laptop", 2))));
            Function<StockReservations, ReservationOutcome> settle = reservations -> cancel
                    ? reservations.release(session, order, "Order cancelled", NOT_REFUSED) : reservations.confirm(session, order);

            assertThrows(ChangedMeanwhile.class, () -> persistence.inTransaction(em -> {
                EntityManager racing = before("Reservation.status", em, orderCommits);
                return settle.apply(reservationsIn(racing));
            }), order + ": neither an anomaly nor a bar on a reading that no longer holds: delivered again");
            assertEquals("PENDING", rows.reservationStatus(session, order), order + ": the rollback left the order's reservation");

            ReservationOutcome redelivered = inTransaction(settle);
            if (cancel) {
                assertEquals(Map.of("laptop", 2), assertInstanceOf(Released.class, redelivered).units());
            } else {
                assertInstanceOf(Confirmed.class, redelivered);
            }
        }
        assertEquals(new Rows.Stock(3, 0), rows.stock(session, "laptop"), "the cancelled order's units back, the paid one's taken");
        assertEquals(List.of(), rows.invariantViolations(session));
    }

    /**
     * A payment, a compensation and an expiry of one reservation in the hands of two consumers (or an instance's expiry
     * round) at once: one of them settles it, the other finds it settled and moves no stock.
     */
    @Test
    void twoSettlementsOfOneReservationAtOnceSettleItOnce() throws Exception {
        persistence.inTransaction(em -> em.createNativeQuery(
                "INSERT INTO products (session_id, id, name, stock_level) VALUES (?1, 'tablet', 'Tablet', 100)")
                .setParameter(1, session).executeUpdate());
        Map<String, BiFunction<StockReservations, String, ReservationOutcome>> settlements = Map.of(
                "confirm", (reservations, order) -> reservations.confirm(session, order),
                "release", (reservations, order) -> reservations.release(session, order, "Order cancelled", NOT_REFUSED),
                "expire", (reservations, order) -> reservations.expire(session, order, reservations.expiryCutoff(Duration.ZERO)));
        int confirmed = 0;
        for (String[] pair : new String[][]{{"confirm", "release"}, {"release", "confirm"}, {"confirm", "expire"},
                {"release", "expire"}, {"release", "release"}, {"confirm", "confirm"}}) {
            for (int round = 0; round < 3; round++) {
                String order = String.join("-", pair) + "-" + round;
                inTransaction(reservations -> reservations.reserve(session, order, List.of(new RequestedItem("tablet", 1))));
                List<ReservationOutcome> outcomes = atOnce(Arrays.stream(pair).<Function<StockReservations, ReservationOutcome>>map(
                        settlement -> reservations -> settlements.get(settlement).apply(reservations, order)).toList());

                List<ReservationOutcome> settled = outcomes.stream()
                        .filter(outcome -> outcome instanceof Confirmed || outcome instanceof Released).toList();
                assertEquals(1, settled.size(), order + ": one settles it, not " + outcomes);
                assertTrue(outcomes.stream().allMatch(outcome -> settled.contains(outcome)
                        || outcome instanceof Anomaly || outcome instanceof Unchanged), order + ": " + outcomes);
                confirmed += settled.get(0) instanceof Confirmed ? 1 : 0;
                assertEquals(new Rows.Stock(100 - confirmed, 0), rows.stock(session, "tablet"), order);
            }
        }
        assertEquals(List.of(), rows.invariantViolations(session));
    }

    @Test
    void quantitiesThatOverflowWhenAddedAreRefused() {
        // each line within the limit, their sum past it; three at the limit; one past a long
        for (long[] lines : new long[][]{{600_000, 600_000}, {1_000_000, 1_000_000, 1_000_000}, {6, Long.MAX_VALUE}}) {
            List<RequestedItem> items = Arrays.stream(lines).mapToObj(quantity -> new RequestedItem("laptop", quantity)).toList();
            Refused refused = assertInstanceOf(Refused.class, inTransaction(reservations -> reservations.reserve(session,
                    "order-" + lines.length + "-" + lines[0], items)));
            assertTrue(refused.reason().startsWith("Invalid quantity"), refused.reason());
        }
        assertEquals(new Rows.Stock(5, 0), rows.stock(session, "laptop"));
        assertEquals(0, rows.count("reservations", session));
    }

    @Test
    void aProductIdNoProductCanHaveIsShortOfEverything() {
        String tooLong = "p".repeat(65);
        Refused refused = assertInstanceOf(Refused.class, inTransaction(reservations -> reservations.reserve(session, "order-1",
                List.of(new RequestedItem("laptop", 1), new RequestedItem(tooLong, 1), new RequestedItem("nul\0", 2)))));

        assertEquals(List.of(Shortfall.ofUnknownProduct("nul\0", 2), Shortfall.ofUnknownProduct(tooLong, 1)), refused.shortfalls());
        assertEquals("Unknown products: nul\0, " + "p".repeat(64) + "\u2026", refused.reason(),
                "cut where no product's id goes on: a peer's id of any length is not written into the answer and the log");
        assertEquals(new Rows.Stock(5, 0), rows.stock(session, "laptop"));
        assertEquals(0, rows.count("reservations", session));
    }

    /** Each line is a statement and a row lock in the event's transaction: an order of more lines than any real one is refused unread. */
    @Test
    void anOrderOfMoreThanAThousandLinesIsRefused() {
        List<RequestedItem> items = IntStream.range(0, 1_001).mapToObj(i -> new RequestedItem("p" + i, 1)).toList();
        Refused refused = assertInstanceOf(Refused.class, inTransaction(reservations -> reservations.reserve(session, "order-1", items)));
        assertEquals("Order has 1001 items, more than 1000", refused.reason());
        assertEquals(0, rows.count("reservations", session));
    }

    @Test
    void aReleaseReasonIsStoredAsTheColumnTakesIt() {
        inTransaction(reservations -> reservations.reserve(session, "order-1", List.of(new RequestedItem("laptop", 2))));
        String reason = "Payment failed: \0" + "x".repeat(5_000);

        Released released = assertInstanceOf(Released.class, inTransaction(reservations -> reservations.release(session, "order-1", reason, NOT_REFUSED)));
        assertEquals(1_000, released.reason().length());
        assertEquals(released.reason(), persistence.inTransaction(em -> em.createNativeQuery(
                "SELECT reason FROM reservations WHERE session_id = ?1 AND order_id = 'order-1'").setParameter(1, session).getSingleResult()));
        assertEquals(new Rows.Stock(5, 0), rows.stock(session, "laptop"));
    }

    @Test
    void aSettlementTheStockDoesNotCoverRollsBack() {
        inTransaction(reservations -> reservations.reserve(session, "order-1", List.of(new RequestedItem("laptop", 2))));
        persistence.inTransaction(em -> em.createNativeQuery("UPDATE products SET reserved = 1 WHERE session_id = ?1 AND id = 'laptop'")
                .setParameter(1, session).executeUpdate());

        assertThrows(IllegalStateException.class, () -> inTransaction(reservations -> reservations.confirm(session, "order-1")),
                "taking more units than the product holds reserved is refused, and rolls back");
        assertThrows(IllegalStateException.class, () -> inTransaction(reservations -> reservations.release(session, "order-1", "Order cancelled", NOT_REFUSED)));
        assertEquals(new Rows.Stock(5, 1), rows.stock(session, "laptop"), "reserved never goes below zero");
        assertEquals("PENDING", rows.reservationStatus(session, "order-1"), "the reservation did not move either");
    }

    private void setReserved(String product, int reserved) {
        persistence.inTransaction(em -> em.createNativeQuery("UPDATE products SET reserved = ?1 WHERE session_id = ?2 AND id = ?3")
                .setParameter(1, reserved).setParameter(2, session).setParameter(3, product).executeUpdate());
    }

    /** The transaction's EntityManager, which runs {@code meanwhile} (another transaction) before the named query. */
    private static EntityManager before(String namedQuery, EntityManager em, Runnable meanwhile) {
        return (EntityManager) Proxy.newProxyInstance(EntityManager.class.getClassLoader(), new Class<?>[]{EntityManager.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("createNamedQuery") && namedQuery.equals(args[0])) {
                        meanwhile.run();
                    }
                    try {
                        return method.invoke(em, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Orders 0 to count - 1, each in a transaction of its own, all let go at once. */
    private List<ReservationOutcome> concurrently(int count, IntFunction<List<RequestedItem>> items) throws Exception {
        return atOnce(IntStream.range(0, count).<Function<StockReservations, ReservationOutcome>>mapToObj(
                order -> reservations -> reservations.reserve(session, "order-" + order, items.apply(order))).toList());
    }

    /** Each piece of work in a transaction of its own, all let go at once; their outcomes in the same order. */
    private static List<ReservationOutcome> atOnce(List<Function<StockReservations, ReservationOutcome>> work) throws Exception {
        CyclicBarrier start = new CyclicBarrier(work.size());
        ExecutorService threads = Executors.newFixedThreadPool(work.size());
        try {
            List<Future<ReservationOutcome>> outcomes = new ArrayList<>();
            for (Function<StockReservations, ReservationOutcome> each : work) {
                outcomes.add(threads.submit(() -> {
                    start.await();
                    return inTransaction(each);
                }));
            }
            List<ReservationOutcome> done = new ArrayList<>();
            for (Future<ReservationOutcome> outcome : outcomes) {
                done.add(outcome.get());
            }
            return done;
        } finally {
            threads.shutdownNow();
        }
    }

    private static ReservationOutcome inTransaction(Function<StockReservations, ReservationOutcome> work) {
        return persistence.inTransaction(em -> work.apply(reservationsIn(em)));
    }

    private static StockReservations reservationsIn(EntityManager em) {
        StockReservations reservations = DirectPersistence.using(em, new StockReservations());
        reservations.stock = DirectPersistence.using(em, new Stock());
        return reservations;
    }
}
