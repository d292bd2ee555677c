package org.sagademo.inventory.platform;

import jakarta.json.JsonException;
import jakarta.json.stream.JsonParser;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The text of a JSON body, as the HTTP API and the saga both take one: UTF-8, a leading byte order mark ignored, at
 * most {@value #MAX_NESTING} levels deep, no key twice in one object.
 */
public final class JsonText {

    /**
     * An order event is four levels deep, a catalogue three; JSON-P builds a value, and JSON-B binds one, recursing per
     * level, so a deeper text is refused before either reads it.
     */
    public static final int MAX_NESTING = 32;

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private JsonText() {
    }

    /** Decoded by a decoder that reports bytes that are not UTF-8 rather than replace them with U+FFFD; else empty. */
    public static Optional<String> fromUtf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException notUtf8) {
            return Optional.empty();
        }
    }

    /**
     * Without a byte order mark at its start, which is no part of the JSON: some serializers write one (.NET's,
     * PowerShell's), and RFC 8259 lets a parser ignore it.
     */
    public static String withoutByteOrderMark(String text) {
        return !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
    }

    /** Whether arrays and objects nest deeper than {@link #MAX_NESTING} anywhere in the text, outside strings. */
    public static boolean nestsTooDeep(String json) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                if (++depth > MAX_NESTING) {
                    return true;
                }
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
        return false;
    }

    /**
     * The first key given twice in one object, reading on from the {@code START_OBJECT} the parser has just given: to
     * that key, or to the object's end if there is none. JSON-P and JSON-B keep the last of such a key and other
     * readers may keep the first, so a body or an event with one says two different things: refused, not guessed.
     */
    public static Optional<String> keyGivenTwice(JsonParser parser) {
        Deque<Set<String>> keysOfOpenObjects = new ArrayDeque<>();
        keysOfOpenObjects.push(new HashSet<>());
        while (!keysOfOpenObjects.isEmpty()) {
            switch (parser.next()) {
                case START_OBJECT -> keysOfOpenObjects.push(new HashSet<>());
                case END_OBJECT -> keysOfOpenObjects.pop();
                case KEY_NAME -> {
                    if (!keysOfOpenObjects.peek().add(parser.getString())) {
                        return Optional.of(parser.getString());
                    }
                }
                default -> {
                }
            }
        }
        return Optional.empty();
    }

    /** Whether anything but white space follows the value the parser has just read: a second value, or any text. */
    public static boolean somethingFollows(JsonParser parser) {
        try {
            return parser.hasNext();
        } catch (JsonException notJson) { // how Parsson's hasNext() answers most trailing text
            return true;
        }
    }
}
