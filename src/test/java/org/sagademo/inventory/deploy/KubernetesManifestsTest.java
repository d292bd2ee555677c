package org.sagademo.inventory.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JacksonException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * server-config/kubernetes/ checked offline against the Kubernetes API's types (fabric8's model), strictly: no
 * cluster runs where the tests do. The last test shows that a field the API would reject fails the check.
 */
class KubernetesManifestsTest {

    private static final Path KUBERNETES = Path.of("server-config/kubernetes");
    private static final Path BROKER_PROPERTIES = Path.of("server-config/artemis/broker.properties");

    private final KustomizeBase base = KustomizeBase.load(KUBERNETES);

    @Test
    void holdsTheServiceAndTheDatabaseAndBrokerItNeeds() {
        assertEquals(List.of("Deployment/inventory-service", "NetworkPolicy/postgres", "Service/artemis",
                        "Service/inventory-service", "Service/postgres", "StatefulSet/artemis", "StatefulSet/postgres"),
                base.resources.stream().map(resource -> resource.getKind() + "/" + resource.getMetadata().getName()).sorted().toList());
        assertEquals(Set.of("artemis-broker-properties", "inventory-backing-config", "inventory-config", "postgres-init"),
                base.configMaps.keySet());
        assertEquals(Set.of("inventory-backing-credentials", "inventory-secret", "postgres-admin-credentials"), base.secrets.keySet());
    }

    /**
     * The service signs on to PostgreSQL as a role of its own, the owner of its database and no superuser, which the
     * image's entrypoint makes by postgres-init.sh on the volume's first start: the superuser's password is the database
     * pod's alone.
     */
    @Test
    void theServiceSignsOnAsNoDatabaseSuperuser() {
        PodSpec pod = template(base.get(StatefulSet.class, "postgres")).getSpec();
        Container database = pod.getContainers().get(0);
        Map<String, EnvVar> env = database.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, var -> var));
        assertEquals("postgres", env.get("POSTGRES_USER").getValue(), "the image's superuser, not the service's user");
        String superuserSecret = env.get("POSTGRES_PASSWORD").getValueFrom().getSecretKeyRef().getName();
        assertFalse(settingsReadBy(base.get(Deployment.class, "inventory-service")).contains(superuserSecret));
        for (String setting : List.of("INVENTORY_DB_USER", "INVENTORY_DB_PASSWORD")) {
            assertEquals("inventory-backing-credentials", env.get(setting).getValueFrom().getSecretKeyRef().getName(), setting);
        }
        VolumeMount init = database.getVolumeMounts().stream()
                .filter(mount -> mount.getMountPath().equals("/docker-entrypoint-initdb.d")).findFirst().orElseThrow();
        Volume scripts = pod.getVolumes().stream().filter(volume -> volume.getName().equals(init.getName())).findFirst().orElseThrow();
        assertEquals(0555, scripts.getConfigMap().getDefaultMode(), "executed, not sourced into the entrypoint's shell");
        String script = configMap(scripts.getConfigMap().getName()).get("postgres-init.sh");
        assertTrue(script.contains("CREATE ROLE :\"role\" LOGIN") && script.contains("OWNER TO :\"role\""), script);
    }

    /**
     * A changed setting or credential rolls the service, whose generated names carry a hash of their content, and
     * restarts neither PostgreSQL nor Artemis: they read theirs only when their volume is new.
     */
    @Test
    void aChangedSettingRollsTheServiceAloneNotTheDatabaseOrBroker() {
        for (StatefulSet backing : base.all(StatefulSet.class)) {
            for (String name : settingsReadBy(backing)) {
                assertTrue(base.unhashed.contains(name), name(backing) + " reads " + name + ", whose name changes with its content");
            }
        }
        Deployment service = base.get(Deployment.class, "inventory-service");
        assertEquals(Set.of("inventory-config", "inventory-secret"), Set.copyOf(settingsReadBy(service)));
        assertTrue(settingsReadBy(service).stream().noneMatch(base.unhashed::contains), "the service rolls on a change");
        assertEquals(configMap("inventory-config"), configMap("inventory-backing-config"), "the same settings");
        assertEquals(base.secrets.get("inventory-secret"), base.secrets.get("inventory-backing-credentials"), "the same credentials");
    }

    /** The ConfigMaps and Secrets a workload's containers take variables from. */
    private static List<String> settingsReadBy(HasMetadata workload) {
        List<String> names = new ArrayList<>();
        for (Container container : containers(template(workload).getSpec())) {
            for (EnvFromSource from : container.getEnvFrom()) {
                names.add(from.getConfigMapRef() != null ? from.getConfigMapRef().getName() : from.getSecretRef().getName());
            }
            container.getEnv().stream().map(EnvVar::getValueFrom).filter(Objects::nonNull).forEach(from -> names.add(
                    from.getConfigMapKeyRef() != null ? from.getConfigMapKeyRef().getName()
                            : from.getSecretKeyRef() != null ? from.getSecretKeyRef().getName() : null));
        }
        names.removeIf(Objects::isNull);
        return names;
    }

    @Test
    void probesAskTheHealthEndpointsOnTheServicePort() {
        Container service = serviceContainer();
        assertEquals(3002, containerPort(service, new IntOrString("http")));
        assertHttpGet(service, service.getReadinessProbe(), "/health/ready");
        assertHttpGet(service, service.getLivenessProbe(), "/health/live");
        Probe startup = service.getStartupProbe();
        // only a deployed WAR answers it: a failed deployment leaves /health/* UP with no checks
        assertHttpGet(service, startup, "/openapi");
        // about a minute to deploy at 200m of CPU: allow twice that before Kubernetes restarts the container
        assertTrue(startup.getPeriodSeconds() * startup.getFailureThreshold() >= 120,
                "start-up allowed " + startup.getPeriodSeconds() * startup.getFailureThreshold() + " s");
    }

    /** The original's limits, requested in full: the JVM sizes itself by them and uses them. */
    @Test
    void limitsAreTheOriginalServicesAndRequestedInFull() {
        for (Container container : containers(template(base.get(Deployment.class, "inventory-service")).getSpec())) {
            ResourceRequirements resources = container.getResources();
            assertQuantity("256Mi", resources.getLimits().get("memory"));
            assertQuantity("200m", resources.getLimits().get("cpu"));
            assertEquals(resources.getLimits(), resources.getRequests(), container.getName());
        }
    }

    @Test
    void leavesTheServiceBeforeStopping() {
        PodSpec pod = template(base.get(Deployment.class, "inventory-service")).getSpec();
        long preStop = serviceContainer().getLifecycle().getPreStop().getSleep().getSeconds();
        assertTrue(preStop >= 5, "preStop sleeps " + preStop + " s");
        // then the service's own grace, serving with readiness DOWN, then Payara's shutdown, whose broker calls and
        // database reads give up after 5 s
        long serving = Long.parseLong(configMap("inventory-config").get("INVENTORY_SHUTDOWN_GRACE_SECONDS"));
        assertTrue(pod.getTerminationGracePeriodSeconds() >= preStop + serving + 15,
                "grace period " + pod.getTerminationGracePeriodSeconds() + " s");
    }

    @Test
    void everyPodRunsAsANonRootUserWithoutAnApiToken() {
        for (HasMetadata workload : workloads()) {
            PodSpec pod = template(workload).getSpec();
            assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot(), name(workload));
            assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), name(workload) + " mounts no service account token");
        }
    }

    /** The image's files are root's and the service writes below /tmp alone (Dockerfile): its root may be read-only. */
    @Test
    void theServiceRunsOnAReadOnlyRootWithRoomForPayarasRuntimeInTmp() {
        PodSpec pod = template(base.get(Deployment.class, "inventory-service")).getSpec();
        for (Container container : containers(pod)) {
            assertEquals(Boolean.TRUE, container.getSecurityContext().getReadOnlyRootFilesystem(), container.getName());
        }
        VolumeMount tmp = serviceContainer().getVolumeMounts().stream().filter(mount -> mount.getMountPath().equals("/tmp"))
                .findFirst().orElseThrow(() -> new AssertionError("no volume at /tmp"));
        assertFalse(Boolean.TRUE.equals(tmp.getReadOnly()), "/tmp mounted read-only");
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(tmp.getName())).findFirst().orElseThrow();
        assertTrue(volume.getEmptyDir() != null, "/tmp is " + volume);
        Quantity room = volume.getEmptyDir().getSizeLimit();
        // Payara's copy of its runtime, about 120 MiB, and the JVM's counters
        assertTrue(room == null || room.compareTo(new Quantity("200Mi")) >= 0, "/tmp holds " + room);
    }

    @Test
    void everyConfigMapAndSecretReferredToIsOneTheKustomizationMakes() {
        List<String> unknown = new ArrayList<>();
        for (HasMetadata workload : workloads()) {
            PodSpec pod = template(workload).getSpec();
            for (Container container : containers(pod)) {
                String where = name(workload) + "/" + container.getName();
                for (EnvFromSource from : container.getEnvFrom()) {
                    if (from.getConfigMapRef() != null) {
                        expect(unknown, where, "ConfigMap", base.configMaps, from.getConfigMapRef().getName(), null);
                    }
                    if (from.getSecretRef() != null) {
                        expect(unknown, where, "Secret", base.secrets, from.getSecretRef().getName(), null);
                    }
                }
                for (EnvVar env : container.getEnv()) {
                    if (env.getValueFrom() == null) {
                        continue;
                    }
                    if (env.getValueFrom().getConfigMapKeyRef() != null) {
                        var ref = env.getValueFrom().getConfigMapKeyRef();
                        expect(unknown, where, "ConfigMap", base.configMaps, ref.getName(), ref.getKey());
                    }
                    if (env.getValueFrom().getSecretKeyRef() != null) {
                        var ref = env.getValueFrom().getSecretKeyRef();
                        expect(unknown, where, "Secret", base.secrets, ref.getName(), ref.getKey());
                    }
                }
            }
            for (Volume volume : pod.getVolumes()) {
                if (volume.getConfigMap() != null) {
                    expect(unknown, name(workload), "ConfigMap", base.configMaps, volume.getConfigMap().getName(), null);
                }
                if (volume.getSecret() != null) {
                    expect(unknown, name(workload), "Secret", base.secrets, volume.getSecret().getSecretName(), null);
                }
            }
        }
        assertEquals(List.of(), unknown);
    }

    @Test
    void everyMountIsAVolumeOfItsPod() {
        List<String> unknown = new ArrayList<>();
        for (HasMetadata workload : workloads()) {
            PodSpec pod = template(workload).getSpec();
            List<String> volumes = new ArrayList<>(pod.getVolumes().stream().map(Volume::getName).toList());
            if (workload instanceof StatefulSet statefulSet) {
                statefulSet.getSpec().getVolumeClaimTemplates().forEach(claim -> volumes.add(claim.getMetadata().getName()));
            }
            for (Container container : containers(pod)) {
                for (VolumeMount mount : container.getVolumeMounts()) {
                    if (!volumes.contains(mount.getName())) {
                        unknown.add(name(workload) + "/" + container.getName() + " mounts " + mount.getName());
                    }
                }
            }
        }
        assertEquals(List.of(), unknown);
    }

    @Test
    void everyServiceSelectsThePodsOfOneWorkloadOnPortsTheyOpen() {
        for (HasMetadata workload : workloads()) {
            LabelSelector selector = selector(workload);
            assertTrue(selector.getMatchExpressions().isEmpty(), name(workload));
            assertTrue(labels(workload).entrySet().containsAll(selector.getMatchLabels().entrySet()),
                    name(workload) + "'s selector does not match its own pods");
        }
        for (Service service : base.all(Service.class)) {
            HasMetadata selected = selectedWorkload(service);
            for (ServicePort port : service.getSpec().getPorts()) {
                IntOrString target = port.getTargetPort() == null ? new IntOrString(port.getPort()) : port.getTargetPort();
                assertTrue(containers(template(selected).getSpec()).stream().anyMatch(c -> containerPort(c, target) > 0),
                        "Service " + name(service) + " sends port " + port.getPort() + " to " + target + ", which " + name(selected) + " does not open");
            }
        }
        for (StatefulSet statefulSet : base.all(StatefulSet.class)) {
            Service governing = base.get(Service.class, statefulSet.getSpec().getServiceName());
            assertEquals("None", governing.getSpec().getClusterIP(), "a StatefulSet's governing Service is headless");
            assertEquals(statefulSet, selectedWorkload(governing));
        }
    }

    /**
     * A database or broker started on the base's placeholder passwords would keep them (they take them when their volume
     * is new): their pods stop first, naming the password, until the Secrets are filled in.
     */
    @Test
    void theDatabaseAndBrokerRefuseThePlaceholderPasswords() throws Exception {
        for (StatefulSet backing : base.all(StatefulSet.class)) {
            Container refusal = template(backing).getSpec().getInitContainers().stream()
                    .filter(container -> container.getName().equals("refuse-placeholders")).findFirst().orElseThrow();
            Map<String, String> asShipped = refusal.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, variable ->
                    base.secrets.get(variable.getValueFrom().getSecretKeyRef().getName()).get(variable.getValueFrom().getSecretKeyRef().getKey())));
            String first = refusal.getEnv().get(0).getName();
            assertTrue(asShipped.values().stream().allMatch(value -> value.startsWith("REPLACE_ME")), asShipped::toString);
            assertEquals("exit 1: " + first + " is still the placeholder of the Kubernetes base's Secret",
                    runs(refusal.getCommand(), asShipped).replaceAll(": replace it.*", ""), name(backing));
            Map<String, String> filledIn = new HashMap<>(asShipped);
            filledIn.replaceAll((variable, placeholder) -> "f0e1d2c3b4a5");
            assertEquals("exit 0: ", runs(refusal.getCommand(), filledIn), name(backing));
        }
    }

    /** The command's exit status and what it wrote to standard error, run here with only these variables and PATH. */
    private static String runs(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder run = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        run.environment().keySet().retainAll(Set.of("PATH"));
        run.environment().putAll(environment);
        Process process = run.start();
        String errors = new String(process.getErrorStream().readAllBytes()).strip();
        return "exit " + process.waitFor() + ": " + errors;
    }

    /** Only the service's pods may connect to its database, and only on the port PostgreSQL opens. */
    @Test
    void onlyTheServiceReachesItsDatabase() {
        NetworkPolicy policy = base.get(NetworkPolicy.class, "postgres");
        StatefulSet database = base.get(StatefulSet.class, "postgres");
        assertTrue(labels(database).entrySet().containsAll(policy.getSpec().getPodSelector().getMatchLabels().entrySet()),
                "the policy selects the database's pods");
        assertEquals(List.of("Ingress"), policy.getSpec().getPolicyTypes());
        NetworkPolicyIngressRule rule = policy.getSpec().getIngress().get(0);
        assertEquals(1, policy.getSpec().getIngress().size());
        assertEquals(1, rule.getFrom().size());
        NetworkPolicyPeer peer = rule.getFrom().get(0);
        assertEquals(null, peer.getNamespaceSelector(), "pods of this namespace alone");
        Map<String, String> allowed = peer.getPodSelector().getMatchLabels();
        assertFalse(allowed.isEmpty(), "some pods, not every pod");
        assertEquals(List.of("inventory-service"), workloads().stream().filter(w -> labels(w).entrySet().containsAll(allowed.entrySet()))
                .map(w -> w.getMetadata().getName()).toList());
        assertEquals(1, rule.getPorts().size());
        assertEquals(5432, containerPort(template(database).getSpec().getContainers().get(0), rule.getPorts().get(0).getPort()));
    }

    @Test
    void theServiceFindsTheDatabaseAndBrokerUnderTheNamesItsConfigurationGives() {
        Map<String, String> config = configMap("inventory-config");
        assertServes(config.get("INVENTORY_DB_HOST"), config.get("INVENTORY_DB_PORT"), base.get(StatefulSet.class, "postgres"));
        assertServes(config.get("INVENTORY_BROKER_HOST"), config.get("INVENTORY_BROKER_PORT"), base.get(StatefulSet.class, "artemis"));
        assertEquals(config.get("INVENTORY_HTTP_PORT"), String.valueOf(containerPort(serviceContainer(), new IntOrString("http"))));
    }

    @Test
    void theBrokerLoadsTheProjectsBrokerPropertiesWithTheServicesQueues() throws IOException {
        PodSpec pod = template(base.get(StatefulSet.class, "artemis")).getSpec();
        Container broker = pod.getContainers().get(0);
        List<String> args = broker.getArgs();
        Path file = Path.of(args.get(args.indexOf("--properties") + 1));
        VolumeMount mount = broker.getVolumeMounts().stream().filter(m -> Path.of(m.getMountPath()).equals(file.getParent()))
                .findFirst().orElseThrow(() -> new AssertionError("nothing mounted at " + file.getParent()));
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        String properties = configMap(volume.getConfigMap().getName()).get(file.getFileName().toString());
        assertEquals(Files.readString(BROKER_PROPERTIES), properties);

        Map<String, String> config = configMap("inventory-config");
        for (String queue : List.of(config.get("INVENTORY_INCOMING_QUEUE"), config.get("INVENTORY_OUTGOING_QUEUE"),
                config.get("INVENTORY_DEAD_LETTER_QUEUE"))) {
            assertTrue(properties.contains("addressConfigurations.\"" + queue + "\".queueConfigs.\"" + queue + "\".routingType=ANYCAST"),
                    "broker.properties does not declare " + queue);
        }
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                arguments("a misspelt field", "readinessProbe:", "readinesProbe:", "readinesProbe"),
                arguments("a string for a number", "containerPort: 3002", "containerPort: \"3002\"", "containerPort"),
                arguments("a number for a string", "value: \"3002\"", "value: 3002", "value"),
                arguments("a misspelt kustomization field", "resources:", "resource:", "resource"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void aFieldTheApiWouldRejectFailsTheCheck(String mistake, String right, String wrong, String field, @TempDir Path directory)
            throws IOException {
        Files.writeString(directory.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - deployment.yaml
                """);
        Files.writeString(directory.resolve("deployment.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: inventory-service
                spec:
                  selector:
                    matchLabels: {app: inventory-service}
                  template:
                    metadata:
                      labels: {app: inventory-service}
                    spec:
                      containers:
                        - name: inventory-service
                          image: inventory-service:latest
                          ports:
                            - containerPort: 3002
                          env:
                            - name: INVENTORY_HTTP_PORT
                              value: "3002"
                          readinessProbe:
                            httpGet: {path: /health/ready, port: 3002}
                """);
        assertDoesNotThrow(() -> KustomizeBase.load(directory));

        int replaced = 0;
        for (String name : List.of("kustomization.yaml", "deployment.yaml")) {
            String written = Files.readString(directory.resolve(name));
            replaced += written.contains(right) ? 1 : 0;
            Files.writeString(directory.resolve(name), written.replace(right, wrong));
        }
        assertEquals(1, replaced);
        JacksonException rejected = assertThrows(JacksonException.class, () -> KustomizeBase.load(directory));
        assertTrue(rejected.getMessage().contains("\"" + field + "\""), rejected.getMessage());
    }

    private Container serviceContainer() {
        return template(base.get(Deployment.class, "inventory-service")).getSpec().getContainers().stream()
                .filter(container -> container.getName().equals("inventory-service")).findFirst().orElseThrow();
    }

    private Map<String, String> configMap(String name) {
        Map<String, String> data = base.configMaps.get(name);
        assertTrue(data != null, "no ConfigMap named " + name);
        return data;
    }

    private List<HasMetadata> workloads() {
        return Stream.concat(base.all(Deployment.class).stream(), base.all(StatefulSet.class).stream()).map(HasMetadata.class::cast).toList();
    }

    private HasMetadata selectedWorkload(Service service) {
        Map<String, String> selector = service.getSpec().getSelector();
        assertTrue(selector != null && !selector.isEmpty(), "Service " + name(service) + " selects nothing");
        List<HasMetadata> selected = workloads().stream()
                .filter(workload -> labels(workload).entrySet().containsAll(selector.entrySet())).toList();
        assertEquals(1, selected.size(), "Service " + name(service) + " selects the pods of " + selected.stream().map(KubernetesManifestsTest::name).toList());
        return selected.get(0);
    }

    private void assertServes(String host, String port, StatefulSet statefulSet) {
        Service service = base.get(Service.class, host);
        assertEquals(statefulSet, selectedWorkload(service));
        assertTrue(service.getSpec().getPorts().stream().anyMatch(p -> String.valueOf(p.getPort()).equals(port)),
                "Service " + host + " has no port " + port);
    }

    private static void assertHttpGet(Container container, Probe probe, String path) {
        HTTPGetAction get = probe.getHttpGet();
        assertEquals(path, get.getPath());
        assertEquals(3002, containerPort(container, get.getPort()), "the probe of " + path + " asks another port");
    }

    private static void assertQuantity(String expected, Quantity actual) {
        assertEquals(0, new Quantity(expected).compareTo(actual), "expected " + expected + ", was " + actual);
    }

    private static void expect(List<String> unknown, String where, String kind, Map<String, Map<String, String>> made, String name, String key) {
        if (!made.containsKey(name)) {
            unknown.add(where + " refers to " + kind + " " + name);
        } else if (key != null && !made.get(name).containsKey(key)) {
            unknown.add(where + " refers to " + key + " of " + kind + " " + name);
        }
    }

    /** The number of the container port that {@code port} names or numbers, or -1 if the container opens no such port. */
    private static int containerPort(Container container, IntOrString port) {
        return container.getPorts().stream()
                .filter(p -> port.getIntVal() != null ? port.getIntVal().equals(p.getContainerPort()) : port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst().orElse(-1);
    }

    private static List<Container> containers(PodSpec pod) {
        return Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()).toList();
    }

    private static PodTemplateSpec template(HasMetadata workload) {
        return workload instanceof Deployment deployment ? deployment.getSpec().getTemplate() : ((StatefulSet) workload).getSpec().getTemplate();
    }

    private static LabelSelector selector(HasMetadata workload) {
        return workload instanceof Deployment deployment ? deployment.getSpec().getSelector() : ((StatefulSet) workload).getSpec().getSelector();
    }

    private static Map<String, String> labels(HasMetadata workload) {
        return template(workload).getMetadata().getLabels();
    }

    private static String name(HasMetadata resource) {
        return resource.getMetadata().getName();
    }
}
