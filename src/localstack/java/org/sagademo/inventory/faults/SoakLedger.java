package org.sagademo.inventory.faults;

import org.sagademo.inventory.faults.OrderMix.Fate;
import org.sagademo.inventory.localstack.EmbeddedDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Every soak order's answers held against its fate and against its reservation row. Lost: an order without
 * an answer its fate calls for, or still PENDING. Duplicated: an answer more than once. Unbacked: an answer
 * without its row or a row without its answer (INVENTORY_RESERVED and a reservation; INVENTORY_RELEASED and
 * a RELEASED one; INVENTORY_FAILED and none). Wrong: an answer its fate does not allow (INVENTORY_FAILED
 * for an order that had stock, an abandoned order released other than by expiry). Stock: each product must
 * hold its seeded stock less what confirmed reservations took, with nothing reserved.
 */
record SoakLedger(long lost, long duplicated, long unbacked, long wrong, long paidAfterExpiry, long stockMismatches,
                  long oversold) {

    private static final String EXPIRED = "expired";
    private static final String STOCK = """
            SELECT p.id, p.stock_level, p.reserved, coalesce(c.taken, 0) FROM products p
              LEFT JOIN (SELECT l.product_id, sum(l.quantity) AS taken
                           FROM reservation_lines l JOIN reservations r USING (session_id, order_id)
                          WHERE r.session_id = ? AND r.status = 'CONFIRMED' GROUP BY l.product_id) c
                ON c.product_id = p.id
             WHERE p.session_id = ?""";

    private record Row(String status, String reason) {
    }

    static SoakLedger of(Traffic traffic, OrderMix mix, int orders, int dbPort) throws SQLException {
        String session = mix.session();
        long lost = 0;
        long duplicated = 0;
        long unbacked = 0;
        long wrong = 0;
        long paidAfterExpiry = 0;
        try (Connection connection = EmbeddedDatabase.connect(dbPort)) {
            Map<String, Row> rows = reservations(connection, session);
            for (int i = 0; i < orders; i++) {
                String id = OrderMix.orderId(i);
                Fate fate = OrderMix.fate(i);
                int reserved = traffic.answers(session, id, "INVENTORY_RESERVED");
                int failed = traffic.answers(session, id, "INVENTORY_FAILED");
                int released = traffic.answers(session, id, "INVENTORY_RELEASED");
                Row row = rows.get(id);
                boolean rowReleased = row != null && "RELEASED".equals(row.status());
                duplicated += Math.max(0, reserved - 1) + Math.max(0, failed - 1) + Math.max(0, released - 1);
                if (fate.reserves()) {
                    lost += reserved == 0 || row == null || "PENDING".equals(row.status())
                            || (fate.released() && released == 0) ? 1 : 0;
                    unbacked += ((reserved > 0) != (row != null) ? 1 : 0) + ((released > 0) != rowReleased ? 1 : 0);
                    boolean expired = rowReleased && EXPIRED.equals(row.reason());
                    paidAfterExpiry += fate == Fate.PAID && expired ? 1 : 0;
                    wrong += failed + ((fate == Fate.ABANDONED || fate == Fate.PAID) && rowReleased && !expired ? 1 : 0);
                } else {
                    lost += failed == 0 ? 1 : 0;
                    unbacked += row != null ? 1 : 0;
                    wrong += reserved + released;
                }
            }
            long[] stock = stock(connection, session);
            return new SoakLedger(lost, duplicated, unbacked, wrong, paidAfterExpiry, stock[0], stock[1]);
        }
    }

    private static Map<String, Row> reservations(Connection connection, String session) throws SQLException {
        Map<String, Row> rows = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT order_id, status, reason FROM reservations WHERE session_id = ?")) {
            query.setString(1, session);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), new Row(rs.getString(2), rs.getString(3)));
                }
            }
        }
        return rows;
    }

    /** Products whose stock is not their seed less what was confirmed, or that still hold units; and oversold ones. */
    private static long[] stock(Connection connection, String session) throws SQLException {
        long mismatches = 0;
        long oversold = 0;
        try (PreparedStatement query = connection.prepareStatement(STOCK)) {
            query.setString(1, session);
            query.setString(2, session);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    int seeded = OrderMix.SOLD_OUT.equals(rs.getString(1)) ? 0 : OrderMix.STOCK_EACH;
                    mismatches += rs.getLong(2) + rs.getLong(4) != seeded || rs.getLong(3) != 0 ? 1 : 0;
                    oversold += rs.getLong(3) > rs.getLong(2) ? 1 : 0;
                }
            }
        }
        return new long[] {mismatches, oversold};
    }
}
