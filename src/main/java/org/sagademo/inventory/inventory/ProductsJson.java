package org.sagademo.inventory.inventory;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;

import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Writes the product list of {@code GET /inventory} with JSON-P's streaming generator (and, through
 * {@link SeedResultJson}, that of seed and reset). JSON-B, by reflection, took most of the service's time on a
 * session with 1,000 open reservations: it hashed each product's whole reservation list for every object it wrote.
 */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public class ProductsJson implements MessageBodyWriter<List<ProductView>> {

    private static final JsonGeneratorFactory JSON = Json.createGeneratorFactory(Map.of());

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return genericType instanceof ParameterizedType list && list.getActualTypeArguments()[0] == ProductView.class;
    }

    @Override
    public void writeTo(List<ProductView> products, Class<?> type, Type genericType, Annotation[] annotations,
                        MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream body) {
        JsonGenerator json = generator(body);
        write(json, products);
        json.flush();
    }

    /** Not to be closed: the container owns the response stream. */
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
                .write("created_at", timestamp(product.createdAt()))
                .write("updated_at", timestamp(product.updatedAt()))
                .write("version", product.version())
                .writeStartArray("reservations");
        product.reservations().forEach(open -> json.writeStartObject()
                .write("orderId", open.orderId())
                .write("quantity", open.quantity())
                .writeEnd());
        json.writeEnd().writeEnd();
    }

    /** As JSON-B writes it: ISO-8601 with the offset. */
    private static String timestamp(OffsetDateTime at) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at);
    }
}
