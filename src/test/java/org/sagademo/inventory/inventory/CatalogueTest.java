package org.sagademo.inventory.inventory;

import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import org.junit.jupiter.api.Test;
import org.sagademo.inventory.platform.InvalidRequest;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A seed's body as {@link Catalogue.AsSent} reads it, before the constraints check the values. */
class CatalogueTest {

    @Test
    void eachFieldIsTakenAsTheJsonTypeItIs() {
        assertEquals(List.of(new CatalogueEntry("laptop", "Laptop", BigDecimal.valueOf(5))),
                read("{\"products\":[{\"id\":\"laptop\",\"name\":\"Laptop\",\"stock_level\":5,\"colour\":\"grey\"}],\"x\":1}").products());
    }

    @Test
    void aMissingOrNullFieldIsLeftToTheConstraints() {
        assertEquals(List.of(new CatalogueEntry(null, null, BigDecimal.ONE)),
                read("{\"products\":[{\"name\":null,\"stock_level\":1}]}").products());
    }

    /** A body that names no products is no catalogue: the seed takes the demo's, as without a body. */
    @Test
    void aBodyWithoutProductsIsNoCatalogue() {
        assertNull(read("{}"));
        assertNull(read("{\"products\":null,\"note\":\"demo\"}"));
    }

    @Test
    void aValueOfAnotherTypeIsRefusedNamingWhereItIsAndBothTypes() {
        assertEquals("products[1].stock_level must be a number, not a string",
                refusal("{\"products\":[{\"id\":\"a\",\"stock_level\":1},{\"id\":\"laptop\",\"stock_level\":\"500\"}]}"));
        assertEquals("products[0].id must be a string, not a number", refusal("{\"products\":[{\"id\":42,\"stock_level\":1}]}"));
        assertEquals("products[0].name must be a string, not a boolean",
                refusal("{\"products\":[{\"id\":\"a\",\"name\":true,\"stock_level\":1}]}"));
        assertEquals("products[0].name must be a string, not an array",
                refusal("{\"products\":[{\"id\":\"a\",\"name\":[\"A\"],\"stock_level\":1}]}"));
        assertEquals("products[0] must be an object, not a string", refusal("{\"products\":[\"laptop\"]}"));
        assertEquals("products[2] must be an object, not null", refusal("{\"products\":[{\"id\":\"a\"},{\"id\":\"b\"},null]}"));
        assertEquals("products must be an array, not an object", refusal("{\"products\":{\"id\":\"laptop\",\"stock_level\":1}}"));
        assertEquals("products must be an array, not a string", refusal("{\"products\":\"laptop\"}"));
    }

    @Test
    void oneProductTwiceIsRefused() {
        assertEquals("product a is named more than once", refusal("{\"products\":[{\"id\":\"a\"},{\"id\":\"a\"}]}"));
    }

    /** Left for the constraints, which refuse it as over the maximum, rather than failing the reading. */
    @Test
    void aStockLevelWhoseExponentCannotBeStrippedIsKeptAsItIs() {
        assertEquals(new BigDecimal("100e2147483647"),
                read("{\"products\":[{\"id\":\"a\",\"stock_level\":100e2147483647}]}").products().get(0).stockLevel());
    }

    private static String refusal(String json) {
        return assertThrows(InvalidRequest.class, () -> read(json)).getMessage();
    }

    /** As JSON-B hands the deserializer the body: the parser at its first event. */
    private static Catalogue read(String json) {
        try (JsonParser parser = Json.createParser(new StringReader(json))) {
            parser.next();
            return new Catalogue.AsSent().deserialize(parser, null, null);
        }
    }
}
