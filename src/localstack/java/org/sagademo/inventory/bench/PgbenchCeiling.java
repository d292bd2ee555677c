package org.sagademo.inventory.bench;

import org.sagademo.inventory.localstack.EmbeddedDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What PostgreSQL itself can commit: the statements of one reservation as the service sends them (record
 * the event, the reservation with its line unless the order has one, the conditional stock update, the
 * recorded answer, one commit), driven by pgbench at the service's concurrency on the same database.
 */
final class PgbenchCeiling {

    private static final String RESERVATION = """
            \\set n random(1, 2000000000)
            \\set p random(0, 3)
            BEGIN;
            INSERT INTO processed_events (session_id, event_key) SELECT 'pgbench', 'ORDER_CREATED:' || :client_id || '-' || :n FROM (SELECT pg_advisory_xact_lock_shared(hashtext('inventory session reset'), hashtext('pgbench'))) AS reset_lock ON CONFLICT DO NOTHING;
            WITH hold AS (INSERT INTO reservations (session_id, order_id, status) VALUES ('pgbench', :client_id || '-' || :n, 'PENDING') ON CONFLICT DO NOTHING RETURNING session_id, order_id) INSERT INTO reservation_lines (session_id, order_id, product_id, quantity) SELECT hold.session_id, hold.order_id, line.product_id, line.quantity FROM hold, unnest(ARRAY['p' || :p]::varchar[], ARRAY[1]::integer[]) AS line (product_id, quantity);
            UPDATE products SET reserved = reserved + 1, version = version + 1, updated_at = now() WHERE session_id = 'pgbench' AND id = 'p' || :p AND stock_level - reserved >= 1;
            UPDATE processed_events SET answer = '{"type":"INVENTORY_RESERVED"}', answer_id = 'inventory-answer:' || :n WHERE session_id = 'pgbench' AND event_key = 'ORDER_CREATED:' || :client_id || '-' || :n;
            COMMIT;
            """;

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/pgbench"));
    }

    /** Reservation transactions per second at the given concurrency. */
    static double measure(int port, int clients, int seconds, Path workDir) throws Exception {
        prepare(port);
        Files.createDirectories(workDir);
        return tps(port, clients, seconds, Files.writeString(workDir.resolve("reservation.sql"), RESERVATION));
    }

    private static void prepare(int port) throws Exception {
        try (Connection connection = EmbeddedDatabase.connect(port);
             Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM reservations WHERE session_id = 'pgbench'");
            statement.execute("DELETE FROM processed_events WHERE session_id = 'pgbench'");
            statement.execute("DELETE FROM products WHERE session_id = 'pgbench'");
            statement.execute("INSERT INTO products (session_id, id, name, stock_level) "
                    + "SELECT 'pgbench', 'p' || i, 'P' || i, 1000000000 FROM generate_series(0, 3) i");
        }
    }

    private static double tps(int port, int clients, int seconds, Path script) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of("pgbench", "-n", "-h", "127.0.0.1", "-p", String.valueOf(port),
                "-U", EmbeddedDatabase.USER, "-c", String.valueOf(clients), "-j", "2", "-T", String.valueOf(seconds),
                "-f", script.toString(), EmbeddedDatabase.NAME)).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", EmbeddedDatabase.PASSWORD);
        Process pgbench = builder.start();
        String output = new String(pgbench.getInputStream().readAllBytes());
        // a client that aborted still leaves a tps line, of a run that was not the ceiling
        boolean completed = pgbench.waitFor() == 0;
        Matcher tps = Pattern.compile("tps = ([0-9.]+)").matcher(output);
        if (!completed || !tps.find()) {
            throw new IllegalStateException("pgbench failed:\n" + output);
        }
        return Double.parseDouble(tps.group(1));
    }
}
