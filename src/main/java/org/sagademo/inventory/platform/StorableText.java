package org.sagademo.inventory.platform;

import java.util.regex.Pattern;

/**
 * Text PostgreSQL stores as sent: no NUL (it refuses one) and no half of a surrogate pair (the driver writes a '?'
 * instead, so two ids would become one). Names and ids a client chooses are refused otherwise; free text that only
 * passes through, such as a failed payment's reason, is cleaned instead.
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

    /** The whole text as PostgreSQL stores it ({@link #cleaned(String, int)} without a limit); itself if it is already. */
    public static String cleaned(String text) {
        return isStorable(text) ? text : cleaned(text, text.length());
    }

    /**
     * Free text as a column of {@code maxLength} characters takes it: a NUL or half a surrogate pair becomes U+FFFD, and
     * a text too long is cut, never inside a pair. A text that does not fit would otherwise fail its event's
     * transaction on every delivery.
     */
    public static String cleaned(String text, int maxLength) {
        StringBuilder cleaned = new StringBuilder(Math.min(text.length(), maxLength));
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            boolean storable = codePoint != 0 && Character.getType(codePoint) != Character.SURROGATE;
            if (cleaned.length() + Character.charCount(codePoint) > maxLength) {
                break;
            }
            cleaned.appendCodePoint(storable ? codePoint : '\uFFFD');
        }
        return cleaned.toString();
    }
}
