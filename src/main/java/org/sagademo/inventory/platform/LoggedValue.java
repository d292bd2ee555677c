package org.sagademo.inventory.platform;

/**
 * A value as log lines write it: bare if it is one plain word, else quoted. Ids and reasons come from peers, and one with
 * a space, a quote or a line break must not add a key or a line of its own to the line that names it.
 */
public final class LoggedValue {

    private LoggedValue() {
    }

    public static String of(String value) {
        return value == null || isPlainWord(value) ? String.valueOf(value) : quoted(value);
    }

    /** Always quoted, control characters escaped: for free text such as a reason. */
    public static String quoted(String value) {
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        value.chars().forEach(c -> {
            switch (c) {
                case '"', '\\' -> quoted.append('\\').append((char) c);
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        quoted.append(String.format("\\u%04x", c));
                    } else {
                        quoted.append((char) c);
                    }
                }
            }
        });
        return quoted.append('"').toString();
    }

    private static boolean isPlainWord(String value) {
        return !value.isEmpty()
                && value.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || "._:/@+-".indexOf(c) >= 0));
    }
}
