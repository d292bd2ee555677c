package org.sagademo.inventory.inventory;

import jakarta.enterprise.context.Dependent;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.sagademo.inventory.platform.ChangedMeanwhile;
import org.sagademo.inventory.platform.LoggedValue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * The only code that changes reserved units, and the stock that confirmed orders take ({@link Inventory}'s seeds set
 * stock levels), by {@link Product}'s conditional updates. Every method takes units by product in product-id order, so
 * concurrent orders lock rows in one order and never deadlock. A step of the caller's transaction (a plain bean: it has no
 * transaction of its own to demarcate).
 */
@Dependent
public class Stock {

    @PersistenceContext
    EntityManager em;

    /**
     * Reserves every line or none: returns what is short, having changed no row, or an empty list. An order of one
     * product is one conditional update, which changes nothing when it is short. An order of several reads each row
     * under its lock first, in the same order as every writer: updating line by line and giving the units back at a
     * short line would leave the earlier lines' versions and update times moved, a change a refused order must not make.
     *
     * @throws ChangedMeanwhile if one product's units were short and freed before they were read back
     */
    public List<Shortfall> reserve(String session, SortedMap<String, Integer> units) {
        return units.size() == 1 ? reserveOne(session, units) : reserveSeveral(session, units);
    }

    private List<Shortfall> reserveOne(String session, SortedMap<String, Integer> units) {
        Map.Entry<String, Integer> line = units.entrySet().iterator().next();
        if (change(Product.RESERVE, session, line) == 1) {
            return List.of();
        }
        List<Shortfall> shortfalls = shortfalls(session, units);
        if (shortfalls.isEmpty()) {
            throw new ChangedMeanwhile("the stock of sessionId=" + LoggedValue.of(session) + " product="
                    + LoggedValue.of(line.getKey()) + " changed while an order was reserved");
        }
        return shortfalls;
    }

    private List<Shortfall> reserveSeveral(String session, SortedMap<String, Integer> units) {
        List<Shortfall> shortfalls = units.entrySet().stream().map(line -> lockedShortfall(session, line))
                .flatMap(Optional::stream).toList();
        if (shortfalls.isEmpty()) {
            units.entrySet().forEach(line -> exactlyOne(change(Product.RESERVE, session, line), session, line));
        }
        return shortfalls;
    }

    /** The line's shortfall, if any, read under its row's lock (held to the end of the transaction). */
    private Optional<Shortfall> lockedShortfall(String session, Map.Entry<String, Integer> line) {
        Optional<Integer> available = em.createNamedQuery(Product.AVAILABLE_LOCKED)
                .setParameter(1, session)
                .setParameter(2, line.getKey())
                .getResultStream()
                .findFirst()
                .map(value -> ((Number) value).intValue());
        return shortfall(line, available);
    }

    /** What the line lacks of the units available, none if the session has no such product; nothing if enough. */
    private static Optional<Shortfall> shortfall(Map.Entry<String, Integer> line, Optional<Integer> available) {
        if (available.isEmpty()) {
            return Optional.of(Shortfall.ofUnknownProduct(line.getKey(), line.getValue()));
        }
        return available.get() < line.getValue()
                ? Optional.of(new Shortfall(line.getKey(), line.getValue(), available.get())) : Optional.empty();
    }

    /** Gives reserved units back to the available pool. */
    public void unreserve(String session, SortedMap<String, Integer> units) {
        units.entrySet().forEach(line -> unreserve(session, line));
    }

    /** Reserved units leave the stock (the order is paid). */
    public void takeReserved(String session, SortedMap<String, Integer> units) {
        units.entrySet().forEach(line -> exactlyOne(change(Product.TAKE_RESERVED, session, line), session, line));
    }

    private void unreserve(String session, Map.Entry<String, Integer> line) {
        exactlyOne(change(Product.UNRESERVE, session, line), session, line);
    }

    /** @return the number of rows changed: 0 where the product's units do not allow it */
    private int change(String update, String session, Map.Entry<String, Integer> line) {
        return em.createNamedQuery(update)
                .setParameter(1, session)
                .setParameter(2, line.getKey())
                .setParameter(3, line.getValue())
                .executeUpdate();
    }

    private static void exactlyOne(int changed, String session, Map.Entry<String, Integer> line) {
        if (changed != 1) {
            // reserved = sum of PENDING lines makes this unreachable; refuse to commit if it is not
            throw new IllegalStateException("the stock of sessionId=" + LoggedValue.of(session) + " product="
                    + LoggedValue.of(line.getKey()) + " does not hold the " + line.getValue() + " reserved units a reservation claims");
        }
    }

    /** What the lines lack, read without a lock (for a refusal); an id no product can have is unknown without a query. */
    public List<Shortfall> shortfalls(String session, SortedMap<String, Integer> units) {
        List<String> ids = units.keySet().stream().filter(Product::canBeId).toList();
        Map<String, Integer> available = ids.isEmpty() ? Map.of() : em.createNamedQuery(Product.AVAILABLE, Object[].class)
                .setParameter("session", session)
                .setParameter("ids", ids)
                .getResultStream()
                .collect(Collectors.toMap(row -> (String) row[0], row -> ((Number) row[1]).intValue()));
        return units.entrySet().stream()
                .map(line -> shortfall(line, Optional.ofNullable(available.get(line.getKey()))))
                .flatMap(Optional::stream)
                .toList();
    }
}
