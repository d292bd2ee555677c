package org.sagademo.inventory.inventory;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The only code that changes stock. Every method takes units by product in product-id order, so
 * concurrent orders lock rows in one order and never deadlock; each row changes by one conditional
 * UPDATE, so stock can never be oversold. Runs inside the caller's transaction.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class Stock {

    @PersistenceContext
    EntityManager em;

    /** Reserves every line or none: returns what is short (nothing changed), or an empty list. */
    public List<Shortfall> reserve(String session, SortedMap<String, Integer> units) {
        List<Map.Entry<String, Integer>> applied = new ArrayList<>();
        for (Map.Entry<String, Integer> line : units.entrySet()) {
            if (update(Product.RESERVE, session, line) == 0) {
                applied.forEach(done -> update(Product.UNRESERVE, session, done));
                return shortfalls(session, units);
            }
            applied.add(line);
        }
        return List.of();
    }

    /** Gives reserved units back to the available pool. */
    public void unreserve(String session, SortedMap<String, Integer> units) {
        units.entrySet().forEach(line -> updateExactlyOne(Product.UNRESERVE, session, line));
    }

    /** Reserved units leave the stock (the order is paid). */
    public void takeReserved(String session, SortedMap<String, Integer> units) {
        units.entrySet().forEach(line -> updateExactlyOne(Product.TAKE_RESERVED, session, line));
    }

    private int update(String statement, String session, Map.Entry<String, Integer> line) {
        return em.createNamedQuery(statement)
                .setParameter(1, session)
                .setParameter(2, line.getKey())
                .setParameter(3, line.getValue())
                .executeUpdate();
    }

    private void updateExactlyOne(String statement, String session, Map.Entry<String, Integer> line) {
        if (update(statement, session, line) != 1) {
            // reserved = sum of PENDING lines makes this unreachable; refuse to commit if it is not
            throw new IllegalStateException("stock of " + session + "/" + line.getKey()
                    + " does not hold the " + line.getValue() + " reserved units a reservation claims");
        }
    }

    private List<Shortfall> shortfalls(String session, SortedMap<String, Integer> units) {
        Map<String, Product> products = em.createNamedQuery(Product.SOME_OF_SESSION, Product.class)
                .setParameter("session", session)
                .setParameter("ids", List.copyOf(units.keySet()))
                .getResultStream()
                .collect(Collectors.toMap(Product::id, Function.identity()));
        return units.entrySet().stream()
                .map(line -> new Shortfall(line.getKey(), line.getValue(),
                        products.containsKey(line.getKey()) ? products.get(line.getKey()).available() : 0))
                .filter(shortfall -> shortfall.available() < shortfall.requested())
                .toList();
    }
}
