package org.sagademo.inventory.platform;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * Every answer is JSON in UTF-8 (RFC 8259), labelled as the type alone. A charset asked for in Accept
 * ({@code application/json; charset=utf-16}) went into the answer's Content-Type: on a body written in UTF-8 whatever
 * it says (the products), and JSON-B wrote the stats in UTF-16, which no client of the saga reads.
 */
@Provider
public class JsonInUtf8 implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MediaType type = response.getMediaType();
        if (type != null && !type.getParameters().isEmpty()) {
            response.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, new MediaType(type.getType(), type.getSubtype()));
        }
    }
}
