package org.sagademo.inventory.inventory;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Valid;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.sagademo.inventory.platform.InvalidRequest;
import org.sagademo.inventory.platform.SessionId;

import java.util.List;

/**
 * The HTTP API of ../shared/saga-contract.md: every call is scoped by the x-session-id header. The
 * OpenAPI annotations name the parameter, schemas and error answers of META-INF/openapi.yaml.
 * One instance serves every request (it holds no request state), rather than one built and injected per request.
 * No {@code @Consumes}: a body is JSON or none, whatever else the Content-Type says of an empty one ({@link
 * org.sagademo.inventory.platform.OneJsonBody}).
 */
@ApplicationScoped
@Path("inventory")
@Produces(MediaType.APPLICATION_JSON)
public class InventoryResource {

    private static final String OPTIONAL_CATALOGUE =
            "Optional; without it, or without products ({}), the demo catalogue (7 products, 235 units)";

    @EJB
    Inventory inventory;

    @GET
    @Operation(summary = "The session's products sorted by name, with their open (PENDING) reservations")
    @APIResponse(responseCode = "200", description = "The products; [] for an unknown session",
            content = @Content(schema = @Schema(ref = "ProductList")))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public byte[] products(@Parameter(ref = SessionId.HEADER) @HeaderParam(SessionId.HEADER) SessionId session) {
        return inventory.productsJson(required(session));
    }

    @POST
    @Path("seed")
    @Operation(summary = "Upserts the demo catalogue, or the body's products")
    @APIResponse(responseCode = "200", description = "The session's products after the upsert",
            content = @Content(schema = @Schema(ref = "SeedResult")))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public SeedResult seed(@Parameter(ref = SessionId.HEADER) @HeaderParam(SessionId.HEADER) SessionId session,
                           @RequestBody(description = OPTIONAL_CATALOGUE, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                   schema = @Schema(ref = "Catalogue"))) @Valid Catalogue catalogue) {
        List<ProductView> products = inventory.seed(required(session), Catalogue.orDemo(catalogue));
        return new SeedResult("Inventory seeded with " + products.size() + " products", products);
    }

    @POST
    @Path("reset")
    @Operation(summary = "Deletes the session's reservations, processed events, events waiting to be sent and products, then seeds")
    @APIResponse(responseCode = "200", description = "The session's products after the reset",
            content = @Content(schema = @Schema(ref = "SeedResult")))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public SeedResult reset(@Parameter(ref = SessionId.HEADER) @HeaderParam(SessionId.HEADER) SessionId session,
                            @RequestBody(description = OPTIONAL_CATALOGUE, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                    schema = @Schema(ref = "Catalogue"))) @Valid Catalogue catalogue) {
        List<ProductView> products = inventory.reset(required(session), Catalogue.orDemo(catalogue));
        return new SeedResult("Inventory reset with " + products.size() + " products", products);
    }

    @GET
    @Path("stats")
    @Operation(summary = "Totals of the session's stock and reservations, every value a number")
    @APIResponse(responseCode = "200", description = "The totals; 0 for an unknown session",
            content = @Content(schema = @Schema(ref = "InventoryStats")))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public InventoryStats stats(@Parameter(ref = SessionId.HEADER) @HeaderParam(SessionId.HEADER) SessionId session) {
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
