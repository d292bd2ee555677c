package org.sagademo.inventory.platform;

import java.util.regex.Pattern;

/**
 * The saga session every row and event belongs to: 1–128 characters of {@code [A-Za-z0-9._:-]}.
 * Both the HTTP header {@code x-session-id} and the events' {@code sessionId} are checked here.
 */
public record SessionId(String value) {

    public static final String HEADER = "x-session-id";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    public SessionId {
        if (value == null || value.isEmpty()) {
            throw new InvalidRequest("missing session id");
        }
        if (!isValid(value)) {
            throw new InvalidRequest("malformed session id: use 1-128 characters of A-Z a-z 0-9 . _ : -");
        }
    }

    public static boolean isValid(String value) {
        return value != null && VALID.matcher(value).matches();
    }

    /** Used by JAX-RS to convert the header. */
    public static SessionId valueOf(String value) {
        return new SessionId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
