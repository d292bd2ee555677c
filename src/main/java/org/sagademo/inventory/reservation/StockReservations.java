package org.sagademo.inventory.reservation;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.sagademo.inventory.inventory.Product;
import org.sagademo.inventory.inventory.Shortfall;
import org.sagademo.inventory.inventory.Stock;
import org.sagademo.inventory.platform.ChangedMeanwhile;
import org.sagademo.inventory.platform.LoggedValue;
import org.sagademo.inventory.platform.StorableText;
import org.sagademo.inventory.reservation.ReservationOutcome.Anomaly;
import org.sagademo.inventory.reservation.ReservationOutcome.Confirmed;
import org.sagademo.inventory.reservation.ReservationOutcome.Refused;
import org.sagademo.inventory.reservation.ReservationOutcome.Released;
import org.sagademo.inventory.reservation.ReservationOutcome.Reserved;
import org.sagademo.inventory.reservation.ReservationOutcome.Unchanged;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Reservations and the stock they hold change together here, which keeps
 * {@code reserved = sum of PENDING lines} for every product. A step of the caller's transaction (a plain
 * bean, as {@link Stock}: an EJB here cost another container call on every event). Its statements are
 * {@link Reservation}'s named queries, on the caller's transaction-scoped {@link EntityManager}.
 */
@Dependent
public class StockReservations {

    /** More units than any real order asks for in one line. */
    static final long MAX_QUANTITY = 1_000_000;
    /** More lines than any real order has: each is a statement and a row lock in the event's transaction. */
    static final int MAX_ITEMS = 1_000;
    /** The release reason of a reservation held past its time to live (the saga contract's word). */
    public static final String EXPIRED = "expired";
    /** The cutoff of a settlement that is not an expiry: none. */
    private static final OffsetDateTime ANY_TIME = null;

    @PersistenceContext
    EntityManager em;

    @Inject
    Stock stock;

    /** Holds every item of the order, or nothing. The same product twice counts as the sum. */
    public ReservationOutcome reserve(String session, String orderId, List<RequestedItem> items) {
        Optional<Refused> invalid = invalid(items);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        SortedMap<String, Integer> units = unitsByProduct(items);
        if (!units.keySet().stream().allMatch(Product::canBeId)) {
            // no reservation line can name such a product: refused on what the stock shows of the others
            return refusal(stock.shortfalls(session, units));
        }
        if (hold(session, orderId, units) == 0) {
            ReservationStatus existing = status(session, orderId).orElseThrow();
            return new Refused("Order " + orderId + " already has a " + existing + " reservation");
        }
        List<Shortfall> shortfalls = stock.reserve(session, units);
        if (!shortfalls.isEmpty()) {
            em.createNamedQuery(Reservation.DROP).setParameter("session", session).setParameter("order", orderId)
                    .executeUpdate();
            return refusal(shortfalls);
        }
        return new Reserved(units);
    }

    /** An order without items or with too many, or with a quantity out of range (alone or summed per product). */
    private static Optional<Refused> invalid(List<RequestedItem> items) {
        if (items.isEmpty()) {
            return Optional.of(new Refused("Order has no items"));
        }
        if (items.size() > MAX_ITEMS) {
            return Optional.of(new Refused("Order has " + items.size() + " items, more than " + MAX_ITEMS));
        }
        SortedMap<String, Long> requested = new TreeMap<>();
        for (RequestedItem item : items) {
            if (item.quantity() < 1 || item.quantity() > MAX_QUANTITY
                    || requested.merge(item.product(), item.quantity(), Long::sum) > MAX_QUANTITY) {
                return Optional.of(new Refused("Invalid quantity for " + Product.shown(item.product()) + ": " + item.quantity()
                        + " (must be 1 to " + MAX_QUANTITY + " per product)"));
            }
        }
        return Optional.empty();
    }

    /** Units per product, in product-id order: the order the stock rows are locked in. Quantities checked. */
    private static SortedMap<String, Integer> unitsByProduct(List<RequestedItem> items) {
        return items.stream().collect(Collectors.toMap(RequestedItem::product, item -> (int) item.quantity(),
                Integer::sum, TreeMap::new));
    }

    /** E.g. "Unknown product: ghost; Insufficient stock: laptop (requested: 9, available: 5)". */
    private static Refused refusal(List<Shortfall> shortfalls) {
        Map<Boolean, List<Shortfall>> byKind = shortfalls.stream().collect(Collectors.partitioningBy(Shortfall::unknown));
        List<String> parts = new ArrayList<>();
        if (!byKind.get(true).isEmpty()) {
            parts.add((byKind.get(true).size() == 1 ? "Unknown product: " : "Unknown products: ") + listed(byKind.get(true)));
        }
        if (!byKind.get(false).isEmpty()) {
            parts.add("Insufficient stock: " + listed(byKind.get(false)));
        }
        return new Refused(String.join("; ", parts), shortfalls);
    }

    private static String listed(List<Shortfall> shortfalls) {
        return shortfalls.stream().map(Shortfall::toString).collect(Collectors.joining(", "));
    }

    /** Payment arrived: the held units leave the stock. */
    public ReservationOutcome confirm(String session, String orderId) {
        Optional<SortedMap<String, Integer>> settled = settle(session, orderId, ReservationStatus.CONFIRMED, null, ANY_TIME);
        if (settled.isEmpty()) {
            return new Anomaly("payment for " + finalStatus(session, orderId).map(status -> "a " + status).orElse("an unknown")
                    + " reservation; stock unchanged");
        }
        stock.takeReserved(session, settled.get());
        return new Confirmed();
    }

    /**
     * Compensation: the held units go back to the pool; before its order, it bars the order. After an order that was
     * refused ({@code orderRefused}), there is nothing to hold back or bar: it records nothing, so that the session's
     * stats count no released reservation for an order that never held stock.
     */
    public ReservationOutcome release(String session, String orderId, String givenReason, BooleanSupplier orderRefused) {
        String reason = StorableText.cleaned(givenReason, Reservation.REASON_LENGTH);
        Optional<SortedMap<String, Integer>> settled = settle(session, orderId, ReservationStatus.RELEASED, reason, ANY_TIME);
        if (settled.isPresent()) {
            stock.unreserve(session, settled.get());
            return new Released(settled.get(), reason);
        }
        Optional<ReservationStatus> status = finalStatus(session, orderId);
        if (status.isPresent()) {
            return new Anomaly("release of a " + status.get() + " reservation; nothing changed");
        }
        if (orderRefused.getAsBoolean()) {
            return new Released(new TreeMap<>(), reason, false);
        }
        em.persist(Reservation.barring(session, orderId, reason));
        return new Released(new TreeMap<>(), reason);
    }

    /** The cutoff of an expiry: a reservation created before it has been held longer than the time to live. */
    public OffsetDateTime expiryCutoff(Duration timeToLive) {
        Number micros = (Number) em.createNamedQuery(Reservation.EXPIRY_CUTOFF)
                .setParameter(1, timeToLive.toSeconds())
                .getSingleResult();
        return Instant.EPOCH.plus(micros.longValue(), ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    /** Reservations PENDING since before the cutoff, oldest first. */
    public List<OverdueReservation> overdue(OffsetDateTime cutoff, int limit) {
        return em.createNamedQuery(Reservation.OVERDUE, OverdueReservation.class)
                .setParameter("cutoff", cutoff)
                .setMaxResults(limit)
                .getResultList();
    }

    /**
     * Releases a reservation still PENDING since before the cutoff. Under the row lock, so that of
     * several instances expiring it at once, one releases it and the others find it settled; first the session's reset
     * lock, shared, as an event's first statement takes it ({@link org.sagademo.inventory.inventory.SessionLocks}).
     */
    public ReservationOutcome expire(String session, String orderId, OffsetDateTime cutoff) {
        em.createNamedQuery(Product.LOCK_AGAINST_RESET).setParameter(1, session).getSingleResult();
        Optional<SortedMap<String, Integer>> settled = settle(session, orderId, ReservationStatus.RELEASED, EXPIRED, cutoff);
        if (settled.isEmpty()) {
            return new Unchanged();
        }
        stock.unreserve(session, settled.get());
        return new Released(settled.get(), EXPIRED);
    }

    /** @return the settled reservation's units by product, in product-id (lock) order; empty if it was not PENDING */
    private Optional<SortedMap<String, Integer>> settle(String session, String orderId, ReservationStatus next,
                                                        String reason, OffsetDateTime cutoff) {
        @SuppressWarnings("unchecked")
        List<Object[]> lines = em.createNamedQuery(Reservation.SETTLE)
                .setParameter(1, next.name())
                .setParameter(2, reason)
                .setParameter(3, session)
                .setParameter(4, orderId)
                .setParameter(5, cutoff)
                .getResultList();
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        SortedMap<String, Integer> units = new TreeMap<>();
        lines.stream().filter(line -> line[0] != null)
                .forEach(line -> units.put((String) line[0], ((Number) line[1]).intValue()));
        return Optional.of(units);
    }

    /** @return the number of lines written (an order has at least one): 0 if the order has a reservation already */
    private int hold(String session, String orderId, SortedMap<String, Integer> units) {
        return em.createNamedQuery(Reservation.HOLD)
                .setParameter(1, session)
                .setParameter(2, orderId)
                .setParameter(3, units.keySet().toArray(String[]::new))
                .setParameter(4, units.values().stream().mapToInt(Integer::intValue).toArray())
                .executeUpdate();
    }

    /** How the order's reservation was settled; none while it is PENDING. */
    public Optional<Settlement> settlement(String session, String orderId) {
        return ofOrder(Reservation.SETTLEMENT, Settlement.class, session, orderId);
    }

    /**
     * The final status (CONFIRMED or RELEASED) of a reservation that a settlement found not PENDING, if it has one.
     * PENDING now means its order committed after the settlement looked (another consumer had it in hand; events
     * without a group id can overlap so): settling on this reading would lose the payment or the compensation, so the
     * event comes again instead.
     */
    private Optional<ReservationStatus> finalStatus(String session, String orderId) {
        Optional<ReservationStatus> status = status(session, orderId);
        if (status.orElse(null) == ReservationStatus.PENDING) {
            throw new ChangedMeanwhile("the reservation of sessionId=" + LoggedValue.of(session) + " orderId="
                    + LoggedValue.of(orderId) + " was made while it was settled");
        }
        return status;
    }

    private Optional<ReservationStatus> status(String session, String orderId) {
        return ofOrder(Reservation.STATUS, ReservationStatus.class, session, orderId);
    }

    /** What a named query reads of the order's reservation, if it has one. */
    private <T> Optional<T> ofOrder(String query, Class<T> type, String session, String orderId) {
        return em.createNamedQuery(query, type)
                .setParameter("session", session)
                .setParameter("order", orderId)
                .getResultStream()
                .findFirst();
    }
}
