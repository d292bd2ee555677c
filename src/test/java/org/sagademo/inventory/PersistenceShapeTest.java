package org.sagademo.inventory;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The card's persistence shape (decision 11): every table has an entity, and the database is reached through
 * the {@code EntityManager} only, except where the container's own parts need JDBC.
 */
class PersistenceShapeTest {

    private static final Path SOURCES = Path.of("src/main/java/org/sagademo/inventory");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final Pattern JDBC_IMPORT = Pattern.compile("^import (?:static )?javax?\\.sql\\.", Pattern.MULTILINE);
    private static final Pattern CREATED_TABLE = Pattern.compile("CREATE TABLE (\\w+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ENTITY_TABLE = Pattern.compile("@Entity\\s+@Table\\(name = \"(\\w+)\"\\)");
    private static final Pattern COLLECTION_TABLE = Pattern.compile("@CollectionTable\\(name = \"(\\w+)\"");

    /**
     * Flyway takes a DataSource, the probe asks the pool (also for the deployment's login), a failure's SQLState says
     * whether the database is away or broke a deadlock.
     */
    private static final Set<String> MAY_USE_JDBC = Set.of("platform/DatabaseMigrations.java", "platform/DatabaseProbe.java",
            "platform/DatabaseUnreachable.java", "platform/DeploymentWaitsForDatabase.java", "platform/RolledBackForAnother.java");

    @Test
    void onlyTheContainersPartsUseJdbc() throws IOException {
        Set<String> users = new TreeSet<>();
        for (Path file : sources()) {
            if (JDBC_IMPORT.matcher(Files.readString(file)).find()) {
                users.add(SOURCES.relativize(file).toString());
            }
        }
        assertEquals(new TreeSet<>(MAY_USE_JDBC), users);
    }

    @Test
    void everyTableIsMapped() throws IOException {
        Set<String> created = new TreeSet<>();
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path file : files.toList()) {
                CREATED_TABLE.matcher(Files.readString(file)).results().forEach(table -> created.add(table.group(1)));
            }
        }
        Set<String> mapped = new TreeSet<>();
        for (Path file : sources()) {
            String source = Files.readString(file);
            Stream.of(ENTITY_TABLE, COLLECTION_TABLE)
                    .flatMap(pattern -> pattern.matcher(source).results())
                    .forEach(table -> mapped.add(table.group(1)));
        }
        assertEquals(created, mapped);
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(file -> file.toString().endsWith(".java")).toList();
        }
    }
}
