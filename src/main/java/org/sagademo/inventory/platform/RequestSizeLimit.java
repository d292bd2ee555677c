package org.sagademo.inventory.platform;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.ext.Provider;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.regex.Pattern;

/** Request bodies over 64 KiB are refused with 413, whether announced by Content-Length or streamed. */
@Provider
@PreMatching
public class RequestSizeLimit implements ContainerRequestFilter {

    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final String TOO_LARGE = "request body larger than " + MAX_BODY_BYTES + " bytes";
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    @Override
    public void filter(ContainerRequestContext request) {
        String announced = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (announced != null && announcesTooMuch(announced.trim())) {
            throw tooLarge();
        }
        request.setEntityStream(new BoundedStream(request.getEntityStream()));
    }

    /** Read here, not by getLength(), which fails on a length past an int (a 500); leading zeros are allowed (RFC 9110). */
    private static boolean announcesTooMuch(String length) {
        if (!DIGITS.matcher(length).matches()) {
            return false; // not a length: the body is counted as it is read
        }
        return new BigInteger(length).compareTo(BigInteger.valueOf(MAX_BODY_BYTES)) > 0; // of any length, leading zeros too
    }

    private static WebApplicationException tooLarge() {
        return new WebApplicationException(TOO_LARGE, Status.REQUEST_ENTITY_TOO_LARGE);
    }

    private static final class BoundedStream extends FilterInputStream {
        private long remaining = MAX_BODY_BYTES;

        BoundedStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            remaining -= n;
            if (remaining < 0) {
                throw tooLarge();
            }
        }
    }
}
