package org.sagademo.inventory.platform;

import java.math.BigDecimal;

/**
 * A JSON number read as the whole number it may be however a peer wrote it: {@code 5.0} (as Python's json writes a
 * float), {@code 5e0} and {@code 0.5e1} are 5; {@code 1.5} stays a fraction.
 */
public final class WholeNumber {

    /** Stripping a number of thousands of digits costs a division each. */
    private static final int MAX_DIGITS_TO_STRIP = 20;

    private WholeNumber() {
    }

    /**
     * The number without trailing zeros, so that its scale is at most 0 exactly when it is whole. One written with more
     * than 20 digits is left as it is: 5 with twenty zeros after its point stays a fraction; so is one whose exponent
     * is too large to strip ({@code 100e2147483647}): whole already.
     */
    public static BigDecimal normalised(BigDecimal number) {
        if (number.precision() > MAX_DIGITS_TO_STRIP) {
            return number;
        }
        try {
            return number.stripTrailingZeros();
        } catch (ArithmeticException scaleOutOfRange) {
            return number;
        }
    }

    public static boolean isWhole(BigDecimal normalised) {
        return normalised.scale() <= 0;
    }
}
