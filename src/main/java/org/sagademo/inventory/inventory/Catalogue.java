package org.sagademo.inventory.inventory;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * The body of {@code POST /inventory/seed} and {@code /reset}: {@code {"products": [...]}}. Without a
 * body the session gets the demo catalogue: 7 products, 235 units.
 */
public record Catalogue(@NotEmpty @Size(max = 1000) List<@Valid @jakarta.validation.constraints.NotNull CatalogueEntry> products) {

    public static final Catalogue DEMO = new Catalogue(List.of(
            new CatalogueEntry("laptop", "Laptop", 5),
            new CatalogueEntry("mouse", "Wireless Mouse", 67),
            new CatalogueEntry("keyboard", "Mechanical Keyboard", 21),
            new CatalogueEntry("monitor", "4K Monitor", 15),
            new CatalogueEntry("headphones", "Noise-Cancelling Headphones", 45),
            new CatalogueEntry("webcam", "HD Webcam", 32),
            new CatalogueEntry("usb-hub", "USB-C Hub", 50)));

    static Catalogue orDemo(Catalogue requested) {
        return requested == null ? DEMO : requested;
    }
}
