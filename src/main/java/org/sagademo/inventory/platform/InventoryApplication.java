package org.sagademo.inventory.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The HTTP API lives at the root of the context: {@code /inventory}. */
@ApplicationPath("/")
public class InventoryApplication extends Application {
}
