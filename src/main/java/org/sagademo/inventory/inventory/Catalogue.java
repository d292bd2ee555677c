package org.sagademo.inventory.inventory;

import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import jakarta.json.JsonValue.ValueType;
import jakarta.json.bind.annotation.JsonbTypeDeserializer;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.sagademo.inventory.platform.InvalidRequest;

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /inventory/seed} and {@code /reset}: {@code {"products": [...]}}. Without a
 * body the session gets the demo catalogue: 7 products, 235 units.
 */
@JsonbTypeDeserializer(Catalogue.AsSent.class)
public record Catalogue(@NotEmpty @Size(max = 1000) List<@Valid @NotNull CatalogueEntry> products) {

    private static final Catalogue DEMO = new Catalogue(List.of(
            product("laptop", "Laptop", 5),
            product("mouse", "Wireless Mouse", 67),
            product("keyboard", "Mechanical Keyboard", 21),
            product("monitor", "4K Monitor", 15),
            product("headphones", "Noise-Cancelling Headphones", 45),
            product("webcam", "HD Webcam", 32),
            product("usb-hub", "USB-C Hub", 50)));

    private static CatalogueEntry product(String id, String name, int stockLevel) {
        return new CatalogueEntry(id, name, BigDecimal.valueOf(stockLevel));
    }

    /** One product twice is a client's mistake, not "last wins"; refused as the body is read, before any lock. */
    public Catalogue {
        Set<String> ids = new HashSet<>();
        for (CatalogueEntry entry : products == null ? List.<CatalogueEntry>of() : products) {
            if (entry != null && entry.id() != null && !ids.add(entry.id())) {
                throw new InvalidRequest("product " + entry.id() + " is named more than once");
            }
        }
    }

    /**
     * Read as sent, each value as the JSON type it is ({@link CatalogueEntry#read}), a refusal naming where in the body
     * it is: JSON-B's own binding refused products that were not a list with a message about Java types. Other fields
     * than products are ignored. A body without products ({@code {}}, as clients send for "no body") or with
     * {@code "products": null} asks for no catalogue of its own: null, the demo catalogue ({@link #orDemo}).
     */
    public static class AsSent implements JsonbDeserializer<Catalogue> {
        @Override
        public Catalogue deserialize(JsonParser parser, DeserializationContext context, Type type) {
            JsonValue products = parser.getObject().get("products");
            if (products == null || products.getValueType() == ValueType.NULL) {
                return null;
            }
            if (!(products instanceof JsonArray list)) {
                throw new InvalidRequest("products must be an array, not " + CatalogueEntry.kind(products.getValueType()));
            }
            List<CatalogueEntry> entries = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                entries.add(CatalogueEntry.read(list.get(i), "products[" + i + "]"));
            }
            return new Catalogue(entries);
        }
    }

    /** The products in id order, the order rows are locked in. */
    List<CatalogueEntry> inIdOrder() {
        return products.stream().sorted(Comparator.comparing(CatalogueEntry::id)).toList();
    }

    /** The name a new product gets when its seed gives none: the demo catalogue's for its id, else the id. */
    static String nameOfNew(String id) {
        return DEMO.products.stream().filter(product -> product.id().equals(id)).map(CatalogueEntry::name).findFirst().orElse(id);
    }

    static Catalogue orDemo(Catalogue requested) {
        return requested == null ? DEMO : requested;
    }
}
