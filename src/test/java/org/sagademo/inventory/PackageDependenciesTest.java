package org.sagademo.inventory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Dependencies run one way: in src/main, saga -> reservation -> inventory -> platform (each package-info says
 * why); beside it, src/test/java -> src/localstack/java, so that the run command, benchmark and fault suite
 * stand without the tests. The two test roots compile together and share package names (a test sits in the
 * package of what it tests), so only where a class's source lives tells the direction, not its package.
 */
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

    @Test
    void theLocalStackUsesNothingOfTheTests() throws IOException {
        assertEquals(List.of(), SourceRoot.of(Path.of("src/localstack/java")).namesOf(SourceRoot.of(Path.of("src/test/java"))));
    }

    /** The rule above on a made-up pair of roots: each way of naming a class of the other root is found, a mention in a comment is not. */
    @Test
    void theRuleFindsEveryWayOfNamingATestClass(@TempDir Path dir) throws IOException {
        Path tests = dir.resolve("test");
        Path tools = dir.resolve("localstack");
        write(tests, "org/x/support/Fixture.java", "package org.x.support; public class Fixture { public static int N; }");
        write(tests, "org/x/tool/ToolTest.java", "package org.x.tool; class ToolTest { }");
        write(tools, "org/x/tool/Imports.java", "package org.x.tool;\nimport org.x.support.Fixture;\nclass Imports { }");
        write(tools, "org/x/tool/ImportsStatic.java", "package org.x.tool;\nimport static org.x.support.Fixture.N;\nclass ImportsStatic { }");
        write(tools, "org/x/tool/ImportsAll.java", "package org.x.tool;\nimport org.x.support.*;\nclass ImportsAll { Fixture f; }");
        write(tools, "org/x/tool/Qualifies.java", "package org.x.tool; class Qualifies { Object f = new org.x.support.Fixture(); }");
        write(tools, "org/x/tool/SamePackage.java", "package org.x.tool; class SamePackage { ToolTest t; }");
        write(tools, "org/x/tool/Mentions.java", """
                package org.x.tool;
                /** Unlike {@link org.x.support.Fixture}, ToolTest. */
                class Mentions { String url = "http://x"; // ToolTest
                    /* org.x.support.Fixture */ }""");

        assertEquals(List.of("org/x/tool/Imports.java names org.x.support.Fixture",
                        "org/x/tool/ImportsAll.java names org.x.support.Fixture",
                        "org/x/tool/ImportsStatic.java names org.x.support.Fixture",
                        "org/x/tool/Qualifies.java names org.x.support.Fixture",
                        "org/x/tool/SamePackage.java names org.x.tool.ToolTest"),
                SourceRoot.of(tools).namesOf(SourceRoot.of(tests)));
    }

    private static void write(Path root, String file, String source) throws IOException {
        Files.createDirectories(root.resolve(file).getParent());
        Files.writeString(root.resolve(file), source);
    }

    /** The Java files under a source root. */
    private record SourceRoot(Path root, List<Path> files) {

        /** Comments, which may mention anything, and literals, in which "//" starts no comment. */
        private static final Pattern COMMENT_OR_LITERAL = Pattern.compile(
                "//[^\\n]*|/\\*[\\s\\S]*?\\*/|\"\"\"[\\s\\S]*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'");

        static SourceRoot of(Path root) throws IOException {
            try (Stream<Path> files = Files.walk(root)) {
                return new SourceRoot(root, files.filter(file -> file.toString().endsWith(".java")).sorted().toList());
            }
        }

        /** Each top-level class declared here, by its fully qualified name. */
        List<String> classes() {
            return files.stream().filter(file -> !file.endsWith("package-info.java"))
                    .map(file -> dotted(root.relativize(file)).replaceAll("\\.java$", "")).toList();
        }

        /** "file names class" for each file here whose code names a class declared in {@code other}. */
        List<String> namesOf(SourceRoot other) throws IOException {
            List<String> found = new ArrayList<>();
            for (Path file : files) {
                String code = COMMENT_OR_LITERAL.matcher(Files.readString(file))
                        .replaceAll(match -> match.group().startsWith("/") ? " " : Matcher.quoteReplacement(match.group()));
                String itsPackage = dotted(root.relativize(file.getParent()));
                for (String name : other.classes()) {
                    String pkg = name.substring(0, name.lastIndexOf('.'));
                    boolean bySimpleName = pkg.equals(itsPackage) || code.contains("import " + pkg + ".*;");
                    if (names(code, name) || bySimpleName && names(code, name.substring(pkg.length() + 1))) {
                        found.add(root.relativize(file) + " names " + name);
                    }
                }
            }
            return found;
        }

        private static String dotted(Path relative) {
            return relative.toString().replace(File.separatorChar, '.');
        }

        private static boolean names(String code, String name) {
            return Pattern.compile("(?<![\\w$.])" + Pattern.quote(name) + "(?![\\w$])").matcher(code).find();
        }
    }
}
