package org.sagademo.inventory.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

/**
 * The cluster command ({@code cluster/run}, {@code mvn -Pcluster package}): one PostgreSQL, one Artemis
 * (unless INVENTORY_DB_HOST / INVENTORY_BROKER_HOST point at external ones) and CLUSTER_INSTANCES
 * (default 2) service instances on consecutive HTTP ports from INVENTORY_HTTP_PORT (3002). Each
 * instance logs to its own file. The database and broker stay up while any instance runs, so one can
 * be killed to watch the others take its work; Ctrl-C stops everything.
 */
public final class LocalCluster {

    private LocalCluster() {
    }

    public static void main(String[] args) throws Exception {
        Path payaraDir = Path.of(System.getProperty("inventory.payaraDir"));
        Path serverConfig = Path.of(System.getProperty("inventory.serverConfigDir"));
        Path stateDir = Path.of(System.getProperty("inventory.stateDir"));
        int count = Integer.parseInt(System.getenv().getOrDefault("CLUSTER_INSTANCES", "2"));
        Map<String, String> shared = ServiceEnvironment.withDefaults(System.getenv());
        int firstPort = Integer.parseInt(shared.get("INVENTORY_HTTP_PORT"));
        Files.createDirectories(stateDir);

        BackingServices services = BackingServices.start(System.getenv(), stateDir, serverConfig);
        List<Process> instances = new CopyOnWriteArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            PayaraMicroProcess.stop(instances);
            services.close();
        }));

        // all boot side by side; Flyway's lock lets only one of them migrate the schema
        List<Map<String, String>> envs = IntStream.range(0, count)
                .mapToObj(i -> ServiceEnvironment.instance(shared, firstPort + i)).toList();
        List<ProcessBuilder> launchers = IntStream.range(0, count)
                .mapToObj(i -> PayaraMicroProcess.builder(payaraDir, serverConfig, envs.get(i))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(instanceLog(stateDir, i).toFile())))
                .toList();
        for (int i = 0; i < count; i++) {
            instances.add(launch(launchers.get(i), i));
            System.out.println("instance " + (i + 1) + " starting, log " + instanceLog(stateDir, i));
        }
        for (int i = 0; i < count; i++) {
            int http = Integer.parseInt(envs.get(i).get("INVENTORY_HTTP_PORT"));
            int index = i;
            instances.set(i, PayaraMicroProcess.serving(instances.get(i), () -> launch(launchers.get(index), index), http,
                    instanceLog(stateDir, i)));
            System.out.println("instance " + (i + 1) + " serving on http://127.0.0.1:" + http);
        }
        for (Process payara : instances) {
            payara.waitFor();
        }
        System.exit(1);
    }

    private static Process launch(ProcessBuilder launcher, int index) throws IOException {
        Process payara = launcher.start();
        payara.onExit().thenAccept(p -> System.out.println("instance " + (index + 1) + " exited with status " + p.exitValue()));
        return payara;
    }

    private static Path instanceLog(Path stateDir, int index) {
        return stateDir.resolve("instance-" + (index + 1) + ".log");
    }
}
