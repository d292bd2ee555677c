package org.sagademo.inventory.localstack;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.io.aio.AIOSequentialFileFactory;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.sagademo.inventory.clients.SagaBroker;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A real, persistent Artemis broker in this JVM, with login required and the queue, redelivery and
 * dead-letter settings of {@code server-config/artemis/broker.properties}. One port speaks the core
 * protocol (the service's resource adapter), AMQP 1.0 and STOMP (peers that are not Java), with the same
 * users and address settings.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final String ROLE = "saga";

    /** What {@link #main} prints once started, followed by the journal type. */
    static final String JOURNAL_LINE = "broker journal: ";

    private final EmbeddedActiveMQ server;
    private final SecurityConfiguration users;

    private EmbeddedBroker(EmbeddedActiveMQ server, SecurityConfiguration users) {
        this.server = server;
        this.users = users;
    }

    /** @param brokerProperties applied in order: later files override earlier ones */
    public static EmbeddedBroker start(int port, Path dataDirectory, Path... brokerProperties) throws Exception {
        Configuration configuration = new ConfigurationImpl()
                .setName("inventory-broker")
                .setPersistenceEnabled(true)
                .setJournalType(journalType())
                .setJournalDirectory(dataDirectory.resolve("journal").toString())
                .setBindingsDirectory(dataDirectory.resolve("bindings").toString())
                .setPagingDirectory(dataDirectory.resolve("paging").toString())
                .setLargeMessagesDirectory(dataDirectory.resolve("large-messages").toString())
                .setSecurityEnabled(true)
                .addAcceptorConfiguration("saga", "tcp://127.0.0.1:" + port + "?protocols=CORE,AMQP,STOMP");
        configuration.putSecurityRoles("#", Set.of(
                new Role(ROLE, true, true, true, true, true, true, true, true, true, true)));
        for (Path properties : brokerProperties) {
            configuration.parseProperties(properties.toString());
        }
        List<String> refused = refusedProperties(configuration);
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException("the broker cannot apply these broker properties: " + refused);
        }

        SecurityConfiguration users = new SecurityConfiguration();
        users.addUser(SagaBroker.USER, SagaBroker.PASSWORD);
        users.addRole(SagaBroker.USER, ROLE);

        EmbeddedActiveMQ server = new EmbeddedActiveMQ()
                .setConfiguration(configuration)
                .setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
        server.start();
        return new EmbeddedBroker(server, users);
    }

    /**
     * The lines of the broker properties files parsed into {@code configuration} that it could not apply, with why: a
     * broker starts without them and only says so in its status (a misspelt name is a setting left at its default).
     */
    public static List<String> refusedProperties(Configuration configuration) {
        JsonObject files = Json.createReader(new StringReader(configuration.getStatus())).readObject().getJsonObject("properties");
        return files == null ? List.of() : files.values().stream()
                .map(JsonValue::asJsonObject)
                .filter(file -> file.containsKey("errors"))
                .flatMap(file -> file.getJsonArray("errors").getValuesAs(JsonObject.class).stream())
                .map(error -> error.getString("value") + " (" + error.getString("reason") + ")")
                .toList();
    }

    /** ASYNCIO (libaio, Debian's libaio1) where its native library loads, as a standalone broker chooses; else NIO. */
    public static JournalType journalType() {
        return AIOSequentialFileFactory.isSupported() ? JournalType.ASYNCIO : JournalType.NIO;
    }

    /** The broker as a process of its own ({@link BrokerProcess}): port, data directory, broker properties files. */
    public static void main(String[] args) throws Exception {
        Path[] properties = Arrays.stream(args).skip(2).map(Path::of).toArray(Path[]::new);
        EmbeddedBroker broker = start(Integer.parseInt(args[0]), Path.of(args[1]), properties);
        System.out.println(JOURNAL_LINE + broker.server.getActiveMQServer().getConfiguration().getJournalType());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.close();
            } catch (Exception e) {
                System.err.println("while stopping the broker: " + e);
            }
        }));
        Thread.currentThread().join();
    }

    /** One more user with the saga's rights, who may sign on from now. */
    public void addUser(String user, String password) {
        users.addUser(user, password);
        users.addRole(user, ROLE);
    }

    /** The consumers on {@code queue} of the sessions {@code user} signed on with. */
    public long consumers(String user, String queue) {
        return server.getActiveMQServer().getSessions().stream()
                .filter(session -> user.equals(session.getUsername()))
                .flatMap(session -> session.getServerConsumers().stream())
                .filter(consumer -> consumer.getQueue().getName().toString().equals(queue))
                .count();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
