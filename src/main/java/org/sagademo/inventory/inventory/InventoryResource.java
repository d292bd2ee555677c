package org.sagademo.inventory.inventory;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.sagademo.inventory.platform.InvalidRequest;
import org.sagademo.inventory.platform.SessionId;

import java.util.List;

/** The HTTP API of ../shared/saga-contract.md: every call is scoped by the x-session-id header. */
@Path("inventory")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InventoryResource {

    @Inject
    Inventory inventory;

    @GET
    public List<ProductView> products(@HeaderParam(SessionId.HEADER) SessionId session) {
        return inventory.products(required(session));
    }

    @POST
    @Path("seed")
    public SeedResult seed(@HeaderParam(SessionId.HEADER) SessionId session, @Valid Catalogue catalogue) {
        List<ProductView> products = inventory.seed(required(session), Catalogue.orDemo(catalogue));
        return new SeedResult("Inventory seeded with " + products.size() + " products", products);
    }

    @POST
    @Path("reset")
    public SeedResult reset(@HeaderParam(SessionId.HEADER) SessionId session, @Valid Catalogue catalogue) {
        List<ProductView> products = inventory.reset(required(session), Catalogue.orDemo(catalogue));
        return new SeedResult("Inventory reset with " + products.size() + " products", products);
    }

    @GET
    @Path("stats")
    public InventoryStats stats(@HeaderParam(SessionId.HEADER) SessionId session) {
        return inventory.stats(required(session));
    }

    public record SeedResult(String message, List<ProductView> products) {
    }

    /** An absent header reaches us as null (a present one was checked by {@link SessionId#valueOf}). */
    private static SessionId required(SessionId session) {
        if (session == null) {
            throw new InvalidRequest("missing session id (header " + SessionId.HEADER + ")");
        }
        return session;
    }
}
