package org.sagademo.inventory.platform;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The text of a JSON body, as the HTTP API and the saga both take one: UTF-8, a leading byte order mark ignored. */
public final class JsonText {

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
}
