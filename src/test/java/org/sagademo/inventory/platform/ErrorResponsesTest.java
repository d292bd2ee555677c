package org.sagademo.inventory.platform;

import jakarta.ejb.EJBException;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.bind.JsonbException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.UriInfo;
import org.junit.jupiter.api.Test;
import org.sagademo.inventory.inventory.CatalogueEntry;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ErrorResponsesTest {

    private final ErrorResponses errors = new ErrorResponses();

    @Test
    void aClientsMistakeIs400WithItsMessageHoweverDeepTheEjbWrappedIt() {
        assertError(400, "unknown product 'ghost'", errors.toResponse(new InvalidRequest("unknown product 'ghost'")));
        assertError(400, "bad header", errors.toResponse(new EJBException(new EJBException(new InvalidRequest("bad header")))));
        assertError(400, "bad header", errors.toResponse(new IllegalStateException("in JPA", new InvalidRequest("bad header"))));
    }

    @Test
    void aClashWithTheStateIs409() {
        assertError(409, "laptop has 3 units reserved", errors.toResponse(new EJBException(new Conflict("laptop has 3 units reserved"))));
    }

    @Test
    void malformedJsonIs400WithTheParsersReason() {
        assertError(400, "malformed JSON body: Unexpected char 111",
                errors.toResponse(new JsonbException("could not read", new JsonException("Unexpected char 111"))));
        assertError(400, "malformed JSON body: truncated", errors.toResponse(new JsonException("truncated")));
        assertError(400, "malformed JSON body: Incorrect position for processing type: class Catalogue; List<CatalogueEntry>",
                errors.toResponse(new JsonbException("Incorrect position for processing type: class "
                        + "org.sagademo.inventory.inventory.Catalogue; java.util.List<org.sagademo.inventory.inventory.CatalogueEntry>")));
    }

    @Test
    void aBodyCutOffByTheSizeLimitIs413EvenWhenTheJsonReaderWrappedIt() {
        WebApplicationException tooLarge = new WebApplicationException("request body larger than 65536 bytes", Status.REQUEST_ENTITY_TOO_LARGE);
        assertError(413, "request body larger than 65536 bytes", errors.toResponse(new JsonbException("read failed", tooLarge)));
    }

    @Test
    void theContainersOwnHttpErrorsKeepTheirStatus() {
        errors.request = requestFor("inventory/nothing");
        assertError(404, "no such path: /inventory/nothing", errors.toResponse(new NotFoundException()));
        assertError(405, "use POST", errors.toResponse(new WebApplicationException("use POST", Status.METHOD_NOT_ALLOWED)));
    }

    @Test
    void aLongUnknownPathIsNamedInPart() {
        errors.request = requestFor("x".repeat(5000));
        assertError(404, "no such path: /" + "x".repeat(199), errors.toResponse(new NotFoundException()));
    }

    /** RESTEasy (WildFly) gives the path from its slash. */
    @Test
    void aPathGivenWithItsSlashIsNamedWithOne() {
        errors.request = requestFor("/inventory/nothing");
        assertError(404, "no such path: /inventory/nothing", errors.toResponse(new NotFoundException()));
    }

    private static UriInfo requestFor(String path) {
        return (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (proxy, method, arguments) -> method.getName().equals("getPath") ? path : null);
    }

    /** Jersey's 405 lists GET without the HEAD it serves too. */
    @Test
    void aMethodNotAllowedListsHeadWhereverGetIs() {
        Response allowGet = Response.status(Status.METHOD_NOT_ALLOWED).header("Allow", "GET,OPTIONS").build();
        Response answer = errors.toResponse(new WebApplicationException(allowGet));
        assertEquals("HEAD,GET,OPTIONS", answer.getHeaderString("Allow"));
        assertError(405, "method not allowed: this path takes HEAD, GET, OPTIONS", answer);
        Response allowPost = Response.status(Status.METHOD_NOT_ALLOWED).header("Allow", "POST,OPTIONS").build();
        assertEquals("POST,OPTIONS", errors.toResponse(new WebApplicationException(allowPost)).getHeaderString("Allow"));
    }

    @Test
    void anUnreachableDatabaseIs503NotOurFault() {
        assertError(503, "database unavailable, try again shortly",
                errors.toResponse(new EJBException(new IllegalStateException(new SQLException("Connection refused", "08001")))));
        assertError(503, "database unavailable, try again shortly",
                errors.toResponse(new SQLException("terminating connection due to administrator command", "57P01")));
        assertError(503, "database unavailable, try again shortly",
                errors.toResponse(new SQLTransientConnectionException("Error in allocating a connection")));
    }

    @Test
    void aDeadlockTheDatabaseBrokeIs503ToTryAgain() {
        String again = "the request met a concurrent change and changed nothing, try again";
        assertError(503, again, errors.toResponse(new EJBException(new IllegalStateException(new SQLException("deadlock detected", "40P01")))));
        assertError(503, again, errors.toResponse(new SQLException("could not serialize access", "40001")));
    }

    @Test
    void anyOtherFailureIs500AndTellsNothingOfItsCause() {
        Response response = errors.toResponse(new NullPointerException("secret.internal.Field"));
        assertError(500, "internal error", response);
        assertEquals(500, errors.toResponse(new SQLException("duplicate key", "23505")).getStatus(), "not every SQL failure is an outage");
    }

    @Test
    void anErrorWithoutAMessageNamesItsStatus() {
        assertError(404, "Not Found", ErrorResponses.error(Status.NOT_FOUND, null));
    }

    @Test
    void invalidFieldsAreNamedWhereTheyAreInTheBodyByTheirJsonNamesAndSorted() {
        CatalogueEntry entry = new CatalogueEntry("bad id", "Laptop", BigDecimal.valueOf(-1));
        ConstraintViolationException invalid = new ConstraintViolationException(Set.of(
                violation(entry, "must be greater than or equal to 0", method("seed"), parameter("arg1"),
                        property("products", null), property("stockLevel", 3)),
                violation(entry, "must match \"[A-Za-z0-9._:-]+\"", method("seed"), parameter("arg1"),
                        property("products", null), property("id", 3)),
                violation(null, "must not be null", method("seed"), parameter("arg1"), property("products", null),
                        node(ElementKind.CONTAINER_ELEMENT, "<list element>", 7))));
        assertError(400, "products[3].id must match \"[A-Za-z0-9._:-]+\"; products[3].stock_level must be greater than or equal "
                        + "to 0; products[7] must not be null", new ErrorResponses.InvalidEntities().toResponse(invalid));
    }

    private static void assertError(int status, String message, Response response) {
        assertEquals(status, response.getStatus());
        assertEquals(MediaType.APPLICATION_JSON_TYPE, response.getMediaType());
        JsonObject body = (JsonObject) response.getEntity();
        assertEquals(Set.of("error"), body.keySet());
        assertEquals(message, body.getString("error"));
    }

    /** Only what a violation is described by: its path, its message and the bean its last property belongs to. */
    private static ConstraintViolation<?> violation(Object leafBean, String message, Path.Node... nodes) {
        Path propertyPath = (Path) Proxy.newProxyInstance(Path.class.getClassLoader(), new Class<?>[]{Path.class},
                (proxy, method, args) -> method.getName().equals("iterator") ? List.of(nodes).iterator() : null);
        return (ConstraintViolation<?>) Proxy.newProxyInstance(ConstraintViolation.class.getClassLoader(),
                new Class<?>[]{ConstraintViolation.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getPropertyPath" -> propertyPath;
                    case "getMessage" -> message;
                    case "getLeafBean" -> leafBean;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    private static Path.Node method(String name) {
        return node(ElementKind.METHOD, name, null);
    }

    private static Path.Node parameter(String name) {
        return node(ElementKind.PARAMETER, name, null);
    }

    /** @param index its place in the list that holds it, if one does */
    private static Path.Node property(String name, Integer index) {
        return node(ElementKind.PROPERTY, name, index);
    }

    private static Path.Node node(ElementKind kind, String name, Integer index) {
        return (Path.Node) Proxy.newProxyInstance(Path.Node.class.getClassLoader(), new Class<?>[]{Path.Node.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getKind" -> kind;
                    case "getName" -> name;
                    case "getIndex" -> index;
                    case "isInIterable" -> index != null;
                    default -> null;
                });
    }
}
