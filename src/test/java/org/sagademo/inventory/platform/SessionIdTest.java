package org.sagademo.inventory.platform;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SessionIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"s", "demo-1", "A.b_c:d-9", "0123456789012345678901234567890123456789012345678901234567890123"
            + "0123456789012345678901234567890123456789012345678901234567890123"})
    void acceptsUpTo128SafeCharacters(String value) {
        assertEquals(value, SessionId.valueOf(value).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a b", "a/b", "a;b", "x'--", "é", "<script>"})
    void refusesAnythingElse(String value) {
        assertThrows(InvalidRequest.class, () -> SessionId.valueOf(value));
    }

    @org.junit.jupiter.api.Test
    void refusesMissingAndOverlong() {
        assertThrows(InvalidRequest.class, () -> new SessionId(null));
        assertThrows(InvalidRequest.class, () -> SessionId.valueOf("s".repeat(129)));
    }
}
