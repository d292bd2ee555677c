package org.sagademo.inventory.platform;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StorableTextTest {

    private static final String GRINNING_FACE = "\uD83D\uDE00"; // two chars, one code point

    @Test
    void namesAndIdsWithANulOrHalfAPairAreNotStorable() {
        assertTrue(StorableText.isStorable("Laptop " + GRINNING_FACE));
        assertFalse(StorableText.isStorable("Lap\0top"));
        assertFalse(StorableText.isStorable("Laptop \uD83D"));
    }

    @Test
    void freeTextKeepsWhatPostgreSqlStoresAndMarksTheRest() {
        assertEquals("Payment failed: card " + GRINNING_FACE, StorableText.cleaned("Payment failed: card " + GRINNING_FACE, 100));
        assertEquals("a\uFFFDb\uFFFDc\uFFFD", StorableText.cleaned("a\0b\uDE00c\uD83D", 100));
    }

    @Test
    void freeTextIsCutToTheColumnNeverInsideAPair() {
        assertEquals("abc", StorableText.cleaned("abcdef", 3));
        assertEquals("ab", StorableText.cleaned("ab" + GRINNING_FACE, 3), "the pair would not fit whole");
        assertEquals("ab" + GRINNING_FACE, StorableText.cleaned("ab" + GRINNING_FACE + "c", 4));
        assertEquals(1_000, StorableText.cleaned("x".repeat(5_000), 1_000).length());
    }
}
