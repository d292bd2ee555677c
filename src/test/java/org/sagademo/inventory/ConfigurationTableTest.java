package org.sagademo.inventory;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * README's configuration table and what reads the variables agree: each variable it lists is read somewhere (a
 * MicroProfile Config property by its environment name, or by name in the start script, Payara's boot commands or the
 * code), and each of the application's own properties is listed. A variable misspelt on either side is otherwise read
 * by nobody, silently: a time to live an operator raised would stay 15 minutes.
 */
class ConfigurationTableTest {

    private static final Path PROPERTIES = Path.of("src/main/resources/META-INF/microprofile-config.properties");
    /** A table row's variables: `INVENTORY_DB_NAME` / `_USER` / `_PASSWORD` names three. */
    private static final Pattern ROW = Pattern.compile("^\\| (`INVENTORY_[A-Z_]+`(?: / `_[A-Z_]+`)*) \\|", Pattern.MULTILINE);
    private static final Pattern NAME = Pattern.compile("`(_?[A-Z_]+)`");

    @Test
    void everyVariableTheReadmeListsIsReadAndEveryPropertyListed() throws IOException {
        Set<String> listed = listedInReadme();
        Set<String> properties = applicationProperties();
        String readers = readers();

        List<String> unread = listed.stream()
                .filter(variable -> !properties.contains(variable) && !readers.contains(variable)).toList();
        assertEquals(List.of(), unread, "listed in README's configuration table, read by nothing");
        List<String> unlisted = properties.stream().filter(variable -> !listed.contains(variable)).toList();
        assertEquals(List.of(), unlisted, "properties of microprofile-config.properties missing from README's table");
    }

    private static Set<String> listedInReadme() throws IOException {
        Set<String> listed = new TreeSet<>();
        Matcher row = ROW.matcher(Files.readString(Path.of("README.md")));
        while (row.find()) {
            Matcher name = NAME.matcher(row.group(1));
            String first = null;
            while (name.find()) {
                first = first == null ? name.group(1) : first;
                listed.add(name.group(1).startsWith("_") ? first.substring(0, first.lastIndexOf('_')) + name.group(1) : first);
            }
        }
        assertEquals(true, listed.size() > 15, "README's table was read: " + listed);
        return listed;
    }

    /** The application's own settings (inventory.*), by the environment variable that overrides each. */
    private static Set<String> applicationProperties() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(PROPERTIES)) {
            properties.load(reader);
        }
        return properties.stringPropertyNames().stream().filter(name -> name.startsWith("inventory."))
                .map(name -> name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_")).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The start script, Payara's boot commands and the code, where variables are read by name. */
    private static String readers() throws IOException {
        List<Path> files = new ArrayList<>(List.of(Path.of("server-config/payara/start")));
        try (Stream<Path> payara = Files.list(Path.of("server-config/payara"));
             Stream<Path> code = Files.walk(Path.of("src/main/java"))) {
            payara.filter(file -> file.toString().endsWith(".asadmin")).forEach(files::add);
            code.filter(file -> file.toString().endsWith(".java")).forEach(files::add);
        }
        StringBuilder text = new StringBuilder();
        for (Path file : files) {
            text.append(Files.readString(file)).append('\n');
        }
        return text.toString();
    }
}
