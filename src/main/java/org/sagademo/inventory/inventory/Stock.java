package org.sagademo.inventory.inventory;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import org.sagademo.inventory.platform.Statements;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The only code that changes stock. Every method takes units by product in product-id order, so
 * concurrent orders lock rows in one order and never deadlock; each row changes by one conditional
 * UPDATE, read and written under one lock, so stock can never be oversold. A step of the caller's
 * transaction (a plain bean: it has no transaction of its own to demarcate).
 */
@Dependent
public class Stock {

    private static final String RESERVE = """
            UPDATE products SET reserved = reserved + ?, version = version + 1, updated_at = now()
             WHERE session_id = ? AND id = ? AND stock_level - reserved >= ?""";
    private static final String UNRESERVE = """
            UPDATE products SET reserved = reserved - ?, version = version + 1, updated_at = now()
             WHERE session_id = ? AND id = ? AND reserved >= ?""";
    private static final String TAKE_RESERVED = """
            UPDATE products SET stock_level = stock_level - ?, reserved = reserved - ?, version = version + 1, updated_at = now()
             WHERE session_id = ? AND id = ? AND reserved >= ?""";
    private static final String AVAILABLE = """
            SELECT id, stock_level - reserved FROM products WHERE session_id = ? AND id = ANY (?)""";

    @Inject
    Statements sql;

    /** Reserves every line or none: returns what is short (nothing changed), or an empty list. */
    public List<Shortfall> reserve(String session, SortedMap<String, Integer> units) {
        List<Map.Entry<String, Integer>> applied = new ArrayList<>();
        for (Map.Entry<String, Integer> line : units.entrySet()) {
            if (sql.update(RESERVE, line.getValue(), session, line.getKey(), line.getValue()) == 0) {
                applied.forEach(done -> unreserve(session, done));
                return shortfalls(session, units);
            }
            applied.add(line);
        }
        return List.of();
    }

    /** Gives reserved units back to the available pool. */
    public void unreserve(String session, SortedMap<String, Integer> units) {
        units.entrySet().forEach(line -> unreserve(session, line));
    }

    /** Reserved units leave the stock (the order is paid). */
    public void takeReserved(String session, SortedMap<String, Integer> units) {
        units.forEach((product, quantity) -> exactlyOne(
                sql.update(TAKE_RESERVED, quantity, quantity, session, product, quantity), session, product, quantity));
    }

    private void unreserve(String session, Map.Entry<String, Integer> line) {
        exactlyOne(sql.update(UNRESERVE, line.getValue(), session, line.getKey(), line.getValue()),
                session, line.getKey(), line.getValue());
    }

    private static void exactlyOne(int changed, String session, String product, int quantity) {
        if (changed != 1) {
            // reserved = sum of PENDING lines makes this unreachable; refuse to commit if it is not
            throw new IllegalStateException("stock of " + session + "/" + product
                    + " does not hold the " + quantity + " reserved units a reservation claims");
        }
    }

    private List<Shortfall> shortfalls(String session, SortedMap<String, Integer> units) {
        Map<String, Integer> available = new HashMap<>();
        sql.list(AVAILABLE, row -> available.put(row.getString(1), row.getInt(2)),
                session, units.keySet().toArray(String[]::new));
        return units.entrySet().stream()
                .map(line -> new Shortfall(line.getKey(), line.getValue(), available.getOrDefault(line.getKey(), 0)))
                .filter(shortfall -> shortfall.available() < shortfall.requested())
                .toList();
    }
}
