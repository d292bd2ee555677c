package org.sagademo.inventory.inventory;

import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import org.junit.jupiter.api.Test;
import org.sagademo.inventory.platform.InvalidRequest;

import java.io.StringReader;
import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CatalogueEntryTest {

    @Test
    void eachFieldIsTakenAsTheJsonTypeItIs() {
        assertEquals(new CatalogueEntry("laptop", "Laptop", BigDecimal.valueOf(5)),
                read("{\"id\":\"laptop\",\"name\":\"Laptop\",\"stock_level\":5,\"colour\":\"grey\"}"));
    }

    @Test
    void aMissingOrNullFieldIsLeftToTheConstraints() {
        assertEquals(new CatalogueEntry(null, null, BigDecimal.ONE), read("{\"name\":null,\"stock_level\":1}"));
    }

    @Test
    void aFieldOfAnotherTypeIsRefusedNamingBoth() {
        assertEquals("stock_level must be a number, not a string", refusal("{\"id\":\"laptop\",\"stock_level\":\"500\"}"));
        assertEquals("id must be a string, not a number", refusal("{\"id\":42,\"stock_level\":1}"));
        assertEquals("name must be a string, not a boolean", refusal("{\"id\":\"a\",\"name\":true,\"stock_level\":1}"));
        assertEquals("name must be a string, not an array", refusal("{\"id\":\"a\",\"name\":[\"A\"],\"stock_level\":1}"));
        assertEquals("each of products must be an object", refusal("\"laptop\""));
    }

    /** Left for the constraints, which refuse it as over the maximum, rather than failing the reading. */
    @Test
    void aStockLevelWhoseExponentCannotBeStrippedIsKeptAsItIs() {
        assertEquals(new BigDecimal("100e2147483647"), read("{\"id\":\"a\",\"stock_level\":100e2147483647}").stockLevel());
    }

    private static String refusal(String json) {
        return assertThrows(InvalidRequest.class, () -> read(json)).getMessage();
    }

    /** As JSON-B hands the deserializer a list's element: the parser at its first event. */
    private static CatalogueEntry read(String json) {
        try (JsonParser parser = Json.createParser(new StringReader(json))) {
            parser.next();
            return new CatalogueEntry.AsSent().deserialize(parser, null, null);
        }
    }
}
