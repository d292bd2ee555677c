package org.sagademo.inventory;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Dependencies run one way, saga -> reservation -> inventory -> platform (each package-info says why). */
class PackageDependenciesTest {

    private static final List<String> TOP_DOWN = List.of("saga", "reservation", "inventory", "platform");
    private static final Path SOURCES = Path.of("src/main/java/org/sagademo/inventory");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?org\\.sagademo\\.inventory\\.(\\w+)\\.", Pattern.MULTILINE);

    @Test
    void noPackageImportsOneAboveIt() throws IOException {
        List<String> upward = new ArrayList<>();
        for (String pkg : TOP_DOWN) {
            try (Stream<Path> files = Files.list(SOURCES.resolve(pkg))) {
                for (Path file : files.toList()) {
                    Matcher imported = IMPORT.matcher(Files.readString(file));
                    while (imported.find()) {
                        if (TOP_DOWN.indexOf(imported.group(1)) < TOP_DOWN.indexOf(pkg)) {
                            upward.add(pkg + "/" + file.getFileName() + " imports " + imported.group(1));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), upward);
    }

    @Test
    void everyPackageIsOnTheList() throws IOException {
        try (Stream<Path> packages = Files.list(SOURCES)) {
            assertEquals(TOP_DOWN.stream().sorted().toList(), packages.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
