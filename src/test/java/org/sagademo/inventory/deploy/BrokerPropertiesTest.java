package org.sagademo.inventory.deploy;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.junit.jupiter.api.Test;
import org.sagademo.inventory.localstack.EmbeddedBroker;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The broker properties the project ships, as Artemis reads them (the run command's broker, the tests', `artemis run
 * --properties` in the Kubernetes base): a line it cannot apply leaves its setting at the default without a word.
 */
class BrokerPropertiesTest {

    @Test
    void theBrokerAppliesEveryLine() throws Exception {
        for (String file : List.of("server-config/artemis/broker.properties", "server-config/rabbitmq/artemis-diverts.properties",
                "src/test/resources/broker-test.properties")) {
            ConfigurationImpl broker = new ConfigurationImpl();
            broker.parseProperties(file);
            assertEquals(List.of(), EmbeddedBroker.refusedProperties(broker), file);
        }
    }

    /** The answers' duplicate ids it remembers per address: more than a redelivery's minute of them (README, "Exactly once"). */
    @Test
    void theBrokerRemembersTheLast100000AnswerIds() throws Exception {
        ConfigurationImpl broker = new ConfigurationImpl();
        broker.parseProperties("server-config/artemis/broker.properties");
        assertEquals(100_000, broker.getIDCacheSize());
    }
}
