package org.sagademo.inventory.platform;

import jakarta.ejb.EJBException;
import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.List;
import java.util.logging.Level;
import java.util.regex.Pattern;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Every failure of an HTTP request becomes {@code {"error": "..."}} with the right status: the
 * client's mistakes 4xx, only our own faults 500, and never a stack trace in the body.
 */
@Provider
public class ErrorResponses implements ExceptionMapper<Throwable> {

    /** Once: Json.createObjectBuilder() looks the provider up at every call. */
    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(null);

    /** A Java package prefix before a type name: {@code org.sagademo.inventory.inventory.} of ...Catalogue. */
    private static final Pattern PACKAGE_PREFIX = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+(?=[A-Z])");

    /** As much of an unknown path as a 404 names. */
    private static final int PATH_SHOWN = 200;
    /** Constraint violations an answer names; the rest it counts. */
    private static final int VIOLATIONS_NAMED = 20;

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class.getName());

    @Context
    UriInfo request;

    @Override
    public Response toResponse(Throwable thrown) {
        Throwable failure = unwrap(thrown);
        InvalidRequest invalid = find(failure, InvalidRequest.class);
        if (invalid != null) {
            return error(Status.BAD_REQUEST, invalid.getMessage());
        }
        if (failure instanceof Conflict) {
            return error(Status.CONFLICT, failure.getMessage());
        }
        WebApplicationException http = find(failure, WebApplicationException.class);
        if (http != null && http.getResponse().getStatus() == Status.REQUEST_ENTITY_TOO_LARGE.getStatusCode()) {
            return error(Status.REQUEST_ENTITY_TOO_LARGE, http.getMessage());
        }
        if (find(failure, JsonbException.class) != null || find(failure, JsonException.class) != null) {
            return error(Status.BAD_REQUEST, "malformed JSON body: " + withoutPackages(rootMessage(failure)));
        }
        if (http != null) {
            return runtimeError(http.getResponse(), http instanceof NotFoundException
                    ? "no such path: " + shown(request.getPath()) : http.getMessage());
        }
        if (DatabaseUnreachable.isCauseOf(failure)) {
            LOG.warning(() -> "database unavailable: " + rootMessage(failure));
            return error(Status.SERVICE_UNAVAILABLE, "database unavailable, try again shortly");
        }
        if (RolledBackForAnother.isCauseOf(failure)) {
            LOG.warning(() -> "request rolled back by the database: " + rootMessage(failure));
            return error(Status.SERVICE_UNAVAILABLE, "the request met a concurrent change and changed nothing, try again");
        }
        LOG.log(Level.SEVERE, "request failed", thrown);
        return error(Status.INTERNAL_SERVER_ERROR, "internal error");
    }

    /** Takes precedence over the provider's own mapper, which answers without a JSON body. */
    @Provider
    public static class InvalidEntities implements ExceptionMapper<ConstraintViolationException> {
        @Override
        public Response toResponse(ConstraintViolationException violations) {
            return error(Status.BAD_REQUEST, describe(violations));
        }
    }

    public static Response error(Status status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body(message == null ? status.getReasonPhrase() : message))
                .build();
    }

    /** {@code {"error": message}}, the body of every error, the server's own too ({@link ContainerErrors}). */
    static JsonObject body(String message) {
        return JSON.createObjectBuilder().add("error", message).build();
    }

    /**
     * The runtime's own HTTP error, with the headers its status needs: a 405's Allow, named in the message too, with HEAD
     * wherever GET is, as the runtime serves it and OPTIONS lists it (Jersey's 405 leaves it out).
     */
    private static Response runtimeError(Response original, String message) {
        Status status = Status.fromStatusCode(original.getStatus());
        String allow = original.getHeaderString(HttpHeaders.ALLOW);
        if (allow == null) {
            return error(status, message);
        }
        List<String> methods = List.of(allow.split("\\s*,\\s*"));
        if (methods.contains(HttpMethod.GET) && !methods.contains(HttpMethod.HEAD)) {
            methods = Stream.concat(Stream.of(HttpMethod.HEAD), methods.stream()).toList();
        }
        return Response.fromResponse(error(status, "method not allowed: this path takes " + String.join(", ", methods)))
                .header(HttpHeaders.ALLOW, String.join(",", methods)).build();
    }

    /** The path from its slash (Jersey gives it without, RESTEasy with), as much of it as a 404 names. */
    private static String shown(String path) {
        return StorableText.cleaned(path.startsWith("/") ? path : "/" + path, PATH_SHOWN);
    }

    private static Throwable unwrap(Throwable thrown) {
        Throwable failure = thrown;
        while (failure instanceof EJBException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /** The binding's messages name the types they expected, in full: "class Catalogue" says enough. */
    private static String withoutPackages(String message) {
        return message == null ? null : PACKAGE_PREFIX.matcher(message).replaceAll("");
    }

    /**
     * The first {@value #VIOLATIONS_NAMED} and how many more: a 64 KiB body of 20,000 empty products has 40,000, which
     * named whole made an answer of 1.8 MB.
     */
    private static String describe(ConstraintViolationException violations) {
        List<String> each = violations.getConstraintViolations().stream().map(ErrorResponses::describe).sorted().toList();
        String named = String.join("; ", each.subList(0, Math.min(each.size(), VIOLATIONS_NAMED)));
        return each.size() <= VIOLATIONS_NAMED ? named : named + "; and " + (each.size() - VIOLATIONS_NAMED) + " more";
    }

    /** E.g. "products[731].stock_level must be greater than or equal to 0": where in the body, by its JSON names. */
    private static String describe(ConstraintViolation<?> violation) {
        StringBuilder where = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() != ElementKind.PROPERTY && node.getKind() != ElementKind.CONTAINER_ELEMENT) {
                continue; // the resource method and its parameter
            }
            if (node.isInIterable()) {
                where.append('[').append(node.getIndex()).append(']');
            }
            if (node.getKind() == ElementKind.PROPERTY) {
                where.append(where.isEmpty() ? "" : ".").append(jsonName(violation.getLeafBean(), node.getName()));
            }
        }
        return (where.isEmpty() ? "body" : where) + " " + violation.getMessage();
    }

    /**
     * A property's name in JSON: its {@link JsonbProperty} name where the violation's bean has one, else its own. Looked
     * up on the leaf bean only, which holds the last property: the outer ones (products) are not renamed.
     */
    private static String jsonName(Object bean, String property) {
        if (bean == null) {
            return property;
        }
        try {
            JsonbProperty renamed = bean.getClass().getDeclaredField(property).getAnnotation(JsonbProperty.class);
            return renamed == null ? property : renamed.value();
        } catch (NoSuchFieldException notTheLeafBeans) {
            return property;
        }
    }
}
