package org.sagademo.inventory.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A real PostgreSQL server from the binaries zonky ships on Maven Central (it runs as root too, by
 * wrapping initdb/postgres in a user namespace). Durable unless asked otherwise: zonky starts PostgreSQL
 * with fsync off and asynchronous commit, which a crash of the database turns into lost commits.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String NAME = "inventory";
    public static final String USER = "inventory";
    public static final String PASSWORD = "inventory";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /** With fsync and synchronous commit on: a commit is on disk before the service answers for it. */
    public static EmbeddedDatabase start(int port, Path dataDirectory) throws IOException, SQLException {
        return start(port, dataDirectory, true);
    }

    /**
     * With zonky's fast settings (no fsync, asynchronous commit): only for the Arquillian tests and the training
     * start of {@code mvn package}, whose databases are never crashed and whose timings count for nothing. The fault
     * suite, benchmark and run command use {@link #start}.
     */
    public static EmbeddedDatabase startWithoutFsync(int port, Path dataDirectory) throws IOException, SQLException {
        return start(port, dataDirectory, false);
    }

    private static EmbeddedDatabase start(int port, Path dataDirectory, boolean durable) throws IOException, SQLException {
        boolean fresh = !Files.exists(dataDirectory.resolve("PG_VERSION"));
        Files.createDirectories(dataDirectory);
        String on = durable ? "on" : "off";
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                // a backend whose client gave up on it (the pool's socket timeout) ends within a second, instead of
                // waiting on a lock and holding a connection slot (README, "Deploying": the server setting it takes)
                .setServerConfig("client_connection_check_interval", "1000")
                // after zonky's own -F and -c synchronous_commit=off, so these win
                .setServerConfig("fsync", on)
                .setServerConfig("synchronous_commit", on)
                .start();
        EmbeddedDatabase database = new EmbeddedDatabase(postgres, dataDirectory);
        if (fresh) {
            database.createApplicationDatabase();
        }
        return database;
    }

    /** One more database, owned by a role of its own that signs on with {@code password}: names and password as given. */
    public void addDatabase(String name, String owner, String password) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + identifier(owner) + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
            statement.execute("CREATE DATABASE " + identifier(name) + " OWNER " + identifier(owner));
        }
    }

    private static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** The durability settings as the running server reports them, e.g. "fsync=on synchronous_commit=on". */
    public String durability() throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            return "fsync=" + show(statement, "fsync") + " synchronous_commit=" + show(statement, "synchronous_commit");
        }
    }

    /**
     * Writes every changed page out now (a superuser's CHECKPOINT), so that the next five minutes bring no timed
     * checkpoint: the benchmark starts each phase on the same footing rather than wherever the cycle falls.
     */
    public void checkpoint() throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        }
    }

    private static String show(Statement statement, String setting) throws SQLException {
        try (var result = statement.executeQuery("SHOW " + setting)) {
            result.next();
            return result.getString(1);
        }
    }

    /** The service's database on the PostgreSQL listening on {@code port}. */
    public static String jdbcUrl(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + NAME;
    }

    /** A connection to it as the service's user, for the harness's own checks. */
    public static Connection connect(int port) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(port), USER, PASSWORD);
    }

    private void createApplicationDatabase() throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            statement.execute("CREATE DATABASE " + NAME + " OWNER " + USER);
        }
    }

    /**
     * A crash: SIGKILL to the postmaster and every backend, no checkpoint, no clean shutdown. What was
     * committed must come back from the write-ahead log when the server starts on the same directory.
     */
    public void kill() {
        long postmaster;
        try {
            postmaster = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException e) {
            throw new IllegalStateException("no running PostgreSQL in " + dataDirectory, e);
        }
        ProcessHandle.of(postmaster).ifPresent(process -> {
            List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
            all.add(process);
            all.forEach(ProcessHandle::destroyForcibly);
            all.forEach(handle -> handle.onExit().join());
        });
        try {
            postgres.close(); // releases zonky's lock on the directory; its pg_ctl stop finds nothing to stop
        } catch (IOException | RuntimeException e) {
            // expected: the server is gone
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
