package org.sagademo.inventory.inventory;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import org.sagademo.inventory.platform.UtcTimestamps;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The product list of {@code GET /inventory} (and, through {@link SeedResultJson}, of seed and reset), written
 * with JSON-P's streaming generator. JSON-B, by reflection, took most of the service's time on a session with
 * 1,000 open reservations: it hashed each product's whole reservation list for every object it wrote.
 */
final class ProductsJson {

    private static final JsonGeneratorFactory JSON = Json.createGeneratorFactory(Map.of());

    private ProductsJson() {
    }

    static byte[] bytes(List<ProductView> products) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (JsonGenerator json = generator(body)) {
            write(json, products);
        }
        return body.toByteArray();
    }

    /** Not to be closed when writing a response: the container owns its stream. */
    static JsonGenerator generator(OutputStream body) {
        return JSON.createGenerator(body, StandardCharsets.UTF_8);
    }

    static void write(JsonGenerator json, List<ProductView> products) {
        json.writeStartArray();
        products.forEach(product -> write(json, product));
        json.writeEnd();
    }

    private static void write(JsonGenerator json, ProductView product) {
        json.writeStartObject()
                .write("id", product.id())
                .write("name", product.name())
                .write("stock_level", product.stockLevel())
                .write("reserved", product.reserved())
                .write("available", product.available())
                .write("reservationStatus", product.reservationStatus())
                .write("created_at", UtcTimestamps.format(product.createdAt()))
                .write("updated_at", UtcTimestamps.format(product.updatedAt()))
                .write("version", product.version())
                .writeStartArray("reservations");
        product.reservations().forEach(open -> json.writeStartObject()
                .write("orderId", open.orderId())
                .write("quantity", open.quantity())
                .writeEnd());
        json.writeEnd().writeEnd();
    }
}
