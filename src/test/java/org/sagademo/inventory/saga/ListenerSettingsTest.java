package org.sagademo.inventory.saga;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.FileReader;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The incoming queue and the consumer count are written several times, since an activation setting cannot read
 * MicroProfile Config: in the MDB's annotation (Payara), in jboss-ejb3.xml (WildFly), for the queue in the
 * configuration the demo delay's re-posting and readiness read, for the count in WildFly's MDB pool. Changed in one place only, the service would consume
 * one queue and re-post to another.
 */
class ListenerSettingsTest {

    /** {@code ${ENV=NAME:default}} (Payara) or {@code ${env.NAME:default}} (WildFly). */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(?:ENV=|env\\.)(\\w+):([^}]*)}");

    @Test
    void payaraAndWildFlyReadTheSameVariablesWithTheSameDefaults() throws Exception {
        Map<String, String> annotated = new HashMap<>();
        for (ActivationConfigProperty property : OrderEventsListener.class.getAnnotation(MessageDriven.class).activationConfig()) {
            annotated.put(property.propertyName(), property.propertyValue());
        }
        Map<String, String> wildFly = new HashMap<>();
        DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
        xml.setNamespaceAware(true);
        NodeList properties = xml.newDocumentBuilder().parse(Path.of("src/main/webapp/WEB-INF/jboss-ejb3.xml").toFile())
                .getElementsByTagNameNS("*", "activation-config-property");
        for (int i = 0; i < properties.getLength(); i++) {
            Element property = (Element) properties.item(i);
            wildFly.put(text(property, "activation-config-property-name"), text(property, "activation-config-property-value"));
        }
        assertEquals(Set.of("destination", "maxSession"), wildFly.keySet(), "the settings that read a variable");
        for (String name : wildFly.keySet()) {
            assertEquals(variable(annotated.get(name)), variable(wildFly.get(name)), name);
        }
        assertEquals("INVENTORY_INCOMING_QUEUE=" + configured("inventory.incoming-queue"), variable(wildFly.get("destination")));
        assertEquals(variable(wildFly.get("maxSession")), variable(mdbPoolSize()), "WildFly's MDB pool holds one per session");
    }

    /** max-pool-size of the MDB pool in the WildFly CLI script. */
    private static String mdbPoolSize() throws Exception {
        Matcher pool = Pattern.compile("mdb-strict-max-pool:add\\(max-pool-size=\"([^\"]*)\"")
                .matcher(Files.readString(Path.of("server-config/wildfly/inventory-service.cli")));
        return pool.find() ? pool.group(1) : null;
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagNameNS("*", tag).item(0).getTextContent().trim();
    }

    /** NAME=default */
    private static String variable(String value) {
        Matcher matcher = VARIABLE.matcher(value == null ? "" : value);
        return matcher.matches() ? matcher.group(1) + "=" + matcher.group(2) : "not a variable: " + value;
    }

    private static String configured(String key) throws Exception {
        Properties config = new Properties();
        try (Reader reader = new FileReader("src/main/resources/META-INF/microprofile-config.properties")) {
            config.load(reader);
        }
        return config.getProperty(key);
    }
}
