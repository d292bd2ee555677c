package org.sagademo.inventory.platform;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

import java.util.List;

/**
 * A request with two {@code x-session-id} headers names two sessions, and which one it means is anyone's guess: a
 * 400, where JAX-RS would quietly read and change the first.
 */
@Provider
@PreMatching
public class OneSessionHeader implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        List<String> sessions = request.getHeaders().get(SessionId.HEADER);
        if (sessions != null && sessions.size() > 1) {
            throw new InvalidRequest("more than one " + SessionId.HEADER + " header");
        }
    }
}
