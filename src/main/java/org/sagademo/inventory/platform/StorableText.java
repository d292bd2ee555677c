package org.sagademo.inventory.platform;

import java.util.regex.Pattern;

/**
 * Text PostgreSQL stores as sent: no NUL (it refuses one) and no half of a surrogate pair (the driver writes a '?'
 * instead, so two ids would become one). For names and ids a client chooses; free text is cleaned instead.
 */
public final class StorableText {

    /** The whole value, as Bean Validation's {@code @Pattern} takes it. */
    public static final String PATTERN = "[^\\x00\\p{Cs}]*";

    private static final Pattern STORABLE = Pattern.compile(PATTERN);

    private StorableText() {
    }

    public static boolean isStorable(String text) {
        return STORABLE.matcher(text).matches();
    }
}
