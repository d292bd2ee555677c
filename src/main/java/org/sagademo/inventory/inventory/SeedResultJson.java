package org.sagademo.inventory.inventory;

import jakarta.json.stream.JsonGenerator;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import org.sagademo.inventory.inventory.InventoryResource.SeedResult;

import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/** Writes the answer of seed and reset: {@code {"message": ..., "products": [...]}}, the products as {@link ProductsJson} does. */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public class SeedResultJson implements MessageBodyWriter<SeedResult> {

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == SeedResult.class;
    }

    @Override
    public void writeTo(SeedResult seeded, Class<?> type, Type genericType, Annotation[] annotations,
                        MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream body) {
        JsonGenerator json = ProductsJson.generator(body).writeStartObject().write("message", seeded.message());
        json.writeKey("products");
        ProductsJson.write(json, seeded.products());
        json.writeEnd().flush();
    }
}
