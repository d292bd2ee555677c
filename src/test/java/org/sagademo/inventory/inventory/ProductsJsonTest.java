package org.sagademo.inventory.inventory;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.sagademo.inventory.inventory.InventoryResource.SeedResult;
import org.sagademo.inventory.inventory.ProductView.OpenReservation;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON of GET /inventory and of seed/reset, as the saga contract names its fields. */
class ProductsJsonTest {

    private static final OffsetDateTime CREATED = OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 6_000_000, ZoneOffset.UTC);

    private final ProductView mouse = new ProductView("mouse", "Wireless \"Mouse\" ü", 67, 3, 64, "RESERVING",
            CREATED, CREATED.plusMinutes(1), 4, List.of(new OpenReservation("o-1", 2), new OpenReservation("o-2", 1)));

    @Test
    void aProductCarriesTheContractsFieldNamesInOrder() {
        JsonObject product = write(List.of(mouse)).getJsonObject(0);

        assertEquals(List.of("id", "name", "stock_level", "reserved", "available", "reservationStatus", "created_at",
                "updated_at", "version", "reservations"), List.copyOf(product.keySet()));
        assertEquals("Wireless \"Mouse\" ü", product.getString("name"));
        assertEquals(67, product.getInt("stock_level"));
        assertEquals(64, product.getInt("available"));
        assertEquals(4, product.getJsonNumber("version").longValue());
        assertEquals("2026-01-02T03:04:05.006Z", product.getString("created_at"));
        assertEquals("2026-01-02T03:05:05.006Z", product.getString("updated_at"));
        JsonArray open = product.getJsonArray("reservations");
        assertEquals(2, open.size());
        assertEquals("o-1", open.getJsonObject(0).getString("orderId"));
        assertEquals(2, open.getJsonObject(0).getInt("quantity"));
    }

    /**
     * EclipseLink hands a timestamp over in the JVM's zone, to PostgreSQL's microsecond: the answer is in UTC whatever
     * that zone is, to the millisecond whatever the fraction, as the events' timestamps and JavaScript's are.
     */
    @Test
    void timestampsAreInUtcToTheMillisecond() {
        ProductView inParis = new ProductView("mouse", "Mouse", 1, 0, 1, "NO_RESERVATIONS",
                CREATED.withOffsetSameInstant(ZoneOffset.ofHours(1)).plusNanos(789_000), CREATED.withNano(0), 0, List.of());
        JsonObject product = write(List.of(inParis)).getJsonObject(0);
        assertEquals("2026-01-02T03:04:05.006Z", product.getString("created_at"));
        assertEquals("2026-01-02T03:04:05.000Z", product.getString("updated_at"));
    }

    @Test
    void anEmptySessionIsAnEmptyArray() {
        assertTrue(write(List.of()).isEmpty());
    }

    @Test
    void aSeedResultHasItsMessageAndTheProducts() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        new SeedResultJson().writeTo(new SeedResult("Inventory seeded with 1 products", List.of(mouse)),
                SeedResult.class, SeedResult.class, null, null, null, body);

        JsonObject seeded = Json.createReader(new StringReader(body.toString(StandardCharsets.UTF_8))).readObject();
        assertEquals("Inventory seeded with 1 products", seeded.getString("message"));
        assertEquals("mouse", seeded.getJsonArray("products").getJsonObject(0).getString("id"));
    }

    private static JsonArray write(List<ProductView> products) {
        return Json.createReader(new StringReader(new String(ProductsJson.bytes(products), StandardCharsets.UTF_8))).readArray();
    }
}
