package org.sagademo.inventory.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import java.util.Map;

/** The HTTP API lives at the root of the context: {@code /inventory}. */
@ApplicationPath("/")
public class InventoryApplication extends Application {

    /**
     * Jersey (Payara) describes every resource in WADL unless told not to: an endpoint outside the contract
     * ({@code /application.wadl}, and WADL as the answer to {@code OPTIONS}). Other JAX-RS runtimes ignore the
     * property.
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
