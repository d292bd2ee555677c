package org.sagademo.inventory.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an image build needs of the repository, which no Docker engine here can try: the files its COPY instructions
 * name are in the build context (.dockerignore), and its training stage starts a class that exists with the settings
 * that class reads; and who owns what it holds. The training itself runs in every mvn package, from the same
 * target/training (pom.xml).
 */
class DockerfileTrainingTest {

    @Test
    void everyFileTheImageCopiesIsInTheBuildContext() throws IOException {
        List<String> admitted = Files.readAllLines(Path.of(".dockerignore")).stream()
                .filter(line -> line.startsWith("!")).map(line -> line.substring(1).replaceAll("/$", "")).toList();
        List<String> sources = copiedFromTheContext();
        assertTrue(sources.contains("target/training"), sources::toString);
        for (String source : sources) {
            assertTrue(admitted.stream().anyMatch(path -> source.equals(path) || source.startsWith(path + "/")),
                    source + " is left out of the build context by .dockerignore");
        }
    }

    @Test
    void theTrainingStageStartsTheBuildsTrainingWithTheSettingsItReads() throws Exception {
        String run = trainingRun();
        Matcher main = Pattern.compile("-cp '([^']+)' ([\\w.]+)").matcher(run);
        assertTrue(main.find(), run);
        assertEquals(List.of("/opt/training/classes", "/opt/training/lib/*"), Arrays.asList(main.group(1).split(":")));
        Class<?> training = assertDoesNotThrow(() -> Class.forName(main.group(2)));
        String source = Files.readString(Path.of("src/localstack/java", training.getName().replace('.', '/') + ".java"));
        Matcher property = Pattern.compile("-D(inventory\\.\\w+)=").matcher(run);
        List<String> given = new ArrayList<>();
        while (property.find()) {
            given.add(property.group(1));
        }
        assertFalse(given.isEmpty(), run);
        for (String name : given) {
            assertTrue(source.contains('"' + name + '"'), main.group(2) + " does not read " + name);
        }
        assertTrue(run.contains("./start train-offline"), "the fallback where the training cannot run");
    }

    /**
     * The user that runs the service can read its files, not change them, nor the directories that hold them: only the
     * training stage, of which the image keeps the archive alone, gives that user any.
     */
    @Test
    void theImagesFilesAreRootsButInTheTrainingStage() throws IOException {
        for (String stage : Files.readString(Path.of("Dockerfile")).split("\nFROM ")) {
            if (stage.startsWith("runtime AS training")) {
                continue;
            }
            for (String instruction : instructionsOf(stage)) {
                assertFalse(instruction.matches(".*(--chown|\\bchown |install -d -o|--create-home).*"), instruction);
            }
        }
    }

    /** The sources of the COPY instructions that copy from the build context (not --from another stage). */
    private static List<String> copiedFromTheContext() throws IOException {
        List<String> sources = new ArrayList<>();
        for (String instruction : instructions()) {
            if (instruction.startsWith("COPY ") && !instruction.contains("--from=")) {
                List<String> words = new ArrayList<>(Arrays.asList(instruction.split("\\s+")));
                words.removeIf(word -> word.equals("COPY") || word.startsWith("--"));
                sources.addAll(words.subList(0, words.size() - 1));
            }
        }
        return sources;
    }

    private static String trainingRun() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        String stage = dockerfile.substring(dockerfile.indexOf("AS training"));
        return instructionsOf(stage.substring(0, stage.indexOf("\nFROM "))).stream()
                .filter(instruction -> instruction.startsWith("RUN ") && instruction.contains(" -cp ")).findFirst().orElseThrow();
    }

    private static List<String> instructions() throws IOException {
        return instructionsOf(Files.readString(Path.of("Dockerfile")));
    }

    /** Instructions as Docker reads them: comments dropped, continued lines joined. */
    private static List<String> instructionsOf(String text) {
        String joined = text.lines().filter(line -> !line.stripLeading().startsWith("#"))
                .reduce("", (all, line) -> all.endsWith("\\") ? all.substring(0, all.length() - 1) + " " + line.strip()
                        : all + "\n" + line.strip());
        return joined.lines().filter(line -> !line.isBlank()).toList();
    }
}
