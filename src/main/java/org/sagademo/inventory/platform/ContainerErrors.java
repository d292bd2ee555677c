package org.sagademo.inventory.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response.Status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The error page of every status (WEB-INF/web.xml): what the container and the JAX-RS runtime answer without the
 * application, such as a request whose Content-Type or Accept header cannot be parsed (Jersey refuses it before any
 * filter or mapper runs), comes as {@code {"error": ...}} with the CORS headers, as the application's own errors do,
 * not as the server's HTML page, which a browser's script could not even read.
 */
@WebServlet(ContainerErrors.PATH)
public class ContainerErrors extends HttpServlet {

    static final String PATH = "/container-error";

    private static final Logger LOG = Logger.getLogger(ContainerErrors.class.getName());

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer given ? given : Status.NOT_FOUND.getStatusCode(); // the page asked for itself
        response.setStatus(status);
        CrossOrigin.HEADERS.forEach(response::setHeader);
        response.setContentType("application/json");
        byte[] body = ErrorResponses.body(error(request, status)).toString().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /**
     * Never the container's message, which may name our classes: our own fault says nothing of its cause (it is
     * logged), any other status its reason, and a 400 its likely cause.
     */
    private static String error(HttpServletRequest request, int status) {
        if (status == Status.INTERNAL_SERVER_ERROR.getStatusCode()) {
            Object thrown = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
            LOG.log(Level.SEVERE, "request failed: " + request.getAttribute(RequestDispatcher.ERROR_MESSAGE),
                    thrown instanceof Throwable cause ? cause : null);
            return "internal error";
        }
        Status known = Status.fromStatusCode(status);
        String phrase = known == null ? "HTTP " + status : known.getReasonPhrase();
        return status == Status.BAD_REQUEST.getStatusCode()
                ? phrase + ": a header that cannot be read (such as Content-Type or Accept), or given twice" : phrase;
    }
}
