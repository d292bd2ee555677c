package org.sagademo.inventory.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.deser.BeanDeserializerBuilder;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A kustomization and all it lists, read as the Kubernetes API server reads manifests: a field the API does not
 * have, or a value of the wrong type, fails. fabric8's model (generated from the API's schemas) would on its own
 * keep unknown fields in {@code additionalProperties} and coerce {@code "3002"} to a number. Generated ConfigMaps
 * and Secrets are read from their files as kustomize reads them.
 */
final class KustomizeBase {

    /** The kinds the manifests use; anything else fails until its model class is added here. */
    private static final List<Class<? extends HasMetadata>> KINDS =
            List.of(Deployment.class, StatefulSet.class, Service.class, NetworkPolicy.class);

    private static final ObjectMapper STRICT = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // a number or boolean where the API wants a string: Jackson would write it as text
            .withCoercionConfig(LogicalType.Textual, textual -> textual
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .addModule(new SimpleModule().setDeserializerModifier(new ValueDeserializerModifier() {
                @Override
                public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription.Supplier bean,
                                                             BeanDeserializerBuilder builder) {
                    builder.setAnySetter(null); // unknown fields are then errors, not additionalProperties
                    return builder;
                }
            }))
            .build();

    final List<HasMetadata> resources = new ArrayList<>();
    final Map<String, Map<String, String>> configMaps = new TreeMap<>();
    final Map<String, Map<String, String>> secrets = new TreeMap<>();
    /** Generated ConfigMaps and Secrets whose names carry no hash of their content: a change to them rolls nobody. */
    final Set<String> unhashed = new TreeSet<>();

    private KustomizeBase() {
    }

    /** @param directory a directory holding kustomization.yaml; bases it lists are read too */
    static KustomizeBase load(Path directory) {
        KustomizeBase base = new KustomizeBase();
        base.add(directory);
        return base;
    }

    <T extends HasMetadata> List<T> all(Class<T> kind) {
        return resources.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    <T extends HasMetadata> T get(Class<T> kind, String name) {
        return all(kind).stream().filter(resource -> resource.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + HasMetadata.getKind(kind) + " named " + name));
    }

    private void add(Path directory) {
        Kustomization kustomization = STRICT.readValue(existing(directory.resolve("kustomization.yaml")), Kustomization.class);
        if (!"kustomize.config.k8s.io/v1beta1".equals(kustomization.apiVersion()) || !"Kustomization".equals(kustomization.kind())) {
            throw new AssertionError(directory + "/kustomization.yaml: not a kustomize.config.k8s.io/v1beta1 Kustomization");
        }
        for (String entry : kustomization.resources()) {
            Path listed = existing(directory.resolve(entry).normalize());
            if (Files.isDirectory(listed)) {
                add(listed);
            } else {
                resources.add(manifest(listed));
            }
        }
        kustomization.configMapGenerator().forEach(generator -> configMaps.put(generator.name(), generator.data(directory)));
        kustomization.secretGenerator().forEach(generator -> secrets.put(generator.name(), generator.data(directory)));
        Stream.concat(kustomization.configMapGenerator().stream(), kustomization.secretGenerator().stream())
                .filter(generator -> generator.options().disableNameSuffixHash()).forEach(generator -> unhashed.add(generator.name()));
    }

    private static HasMetadata manifest(Path file) {
        List<JsonNode> documents = STRICT.readerFor(JsonNode.class).<JsonNode>readValues(file).readAll();
        if (documents.size() != 1) {
            throw new AssertionError(file + ": one resource per file, found " + documents.size());
        }
        String kind = documents.get(0).path("kind").asString("");
        Class<? extends HasMetadata> type = KINDS.stream().filter(k -> HasMetadata.getKind(k).equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError(file + ": kind '" + kind + "' is not one this check knows"));
        HasMetadata resource = STRICT.readValue(file, type);
        if (!HasMetadata.getApiVersion(type).equals(resource.getApiVersion())) {
            throw new AssertionError(file + ": a " + kind + " is " + HasMetadata.getApiVersion(type) + ", not " + resource.getApiVersion());
        }
        return resource;
    }

    private static Path existing(Path path) {
        if (!Files.exists(path)) {
            throw new AssertionError(path + " is listed but does not exist");
        }
        return path;
    }

    /** A generator's options: whether its name goes without the hash of its content. */
    private record Options(boolean disableNameSuffixHash) {
    }

    /** The parts of kustomize's Kustomization these manifests use; any other field fails the check. */
    private record Kustomization(String apiVersion, String kind, List<String> resources,
                         List<Generator> configMapGenerator, List<Generator> secretGenerator) {
        Kustomization {
            resources = resources == null ? List.of() : resources;
            configMapGenerator = configMapGenerator == null ? List.of() : configMapGenerator;
            secretGenerator = secretGenerator == null ? List.of() : secretGenerator;
        }
    }

    /** A configMapGenerator or secretGenerator: KEY=value lines from {@code envs}, whole files from {@code files}. */
    private record Generator(String name, List<String> envs, List<String> files, Options options) {
        Generator {
            envs = envs == null ? List.of() : envs;
            files = files == null ? List.of() : files;
            options = options == null ? new Options(false) : options;
        }

        Map<String, String> data(Path directory) {
            Map<String, String> data = new TreeMap<>();
            try {
                for (String env : envs) {
                    for (String line : Files.readAllLines(existing(directory.resolve(env)))) {
                        if (line.isBlank() || line.startsWith("#")) {
                            continue;
                        }
                        int equals = line.indexOf('=');
                        if (equals < 1) {
                            throw new AssertionError(env + ": not KEY=value: " + line);
                        }
                        data.put(line.substring(0, equals), line.substring(equals + 1));
                    }
                }
                for (String file : files) { // "key=path" or "path", whose file name is then the key
                    int equals = file.indexOf('=');
                    Path path = existing(directory.resolve(file.substring(equals + 1)));
                    data.put(equals < 0 ? path.getFileName().toString() : file.substring(0, equals), Files.readString(path));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return data;
        }
    }
}
