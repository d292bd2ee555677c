package org.sagademo.inventory.platform;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The saga session every row and event belongs to: 1–128 characters of {@code [A-Za-z0-9._:-]}.
 * Both the HTTP header {@code x-session-id} and the events' {@code sessionId} are checked here.
 */
public record SessionId(String value) {

    public static final String HEADER = "x-session-id";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    public SessionId {
        Optional<String> flaw = flawOf(value);
        if (flaw.isPresent()) {
            throw new InvalidRequest(flaw.get());
        }
    }

    public static boolean isValid(String value) {
        return flawOf(value).isEmpty();
    }

    /** What is wrong with a session id given, if anything. */
    public static Optional<String> flawOf(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of("missing session id");
        }
        return VALID.matcher(value).matches() ? Optional.empty()
                : Optional.of("malformed session id: use 1-128 characters of A-Z a-z 0-9 . _ : -");
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
