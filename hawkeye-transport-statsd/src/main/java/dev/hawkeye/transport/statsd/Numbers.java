package dev.hawkeye.transport.statsd;

import java.nio.charset.StandardCharsets;

/** Reads the numbers of a line from its bytes: values, sample rates and timestamps. */
final class Numbers {
    /** Returned for text that is not a number (a parsed NaN is reported as {@link LineFault#NOT_FINITE} instead). */
    static final double NOT_A_NUMBER = Double.NaN;
    private static final int MAX_EXACT_DIGITS = 15;
    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
        1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    private Numbers() {
    }

    /**
     * The decimal number {@code data[from, to)}: an optional sign, digits with an optional fraction,
     * an optional exponent. {@link #NOT_A_NUMBER} when it is not one; an infinity when it overflows.
     * Text such as {@code NaN}, {@code Infinity}, {@code 0x10} or {@code 1d} is not a number here,
     * though {@link Double#parseDouble} takes it.
     */
    static double parse(byte[] data, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (data[i] == '-' || data[i] == '+')) {
            negative = data[i] == '-';
            i++;
        }
        long digits = 0;
        int count = 0;
        int fractionDigits = 0;
        boolean seenPoint = false;
        boolean seenDigit = false;
        for (; i < to; i++) {
            byte b = data[i];
            if (b >= '0' && b <= '9') {
                seenDigit = true;
                if (count == 0 && b == '0' && !seenPoint) {
                    continue;
                }
                if (++count > MAX_EXACT_DIGITS) {
                    return slowParse(data, from, to);
                }
                digits = digits * 10 + (b - '0');
                if (seenPoint) {
                    fractionDigits++;
                }
            } else if (b == '.' && !seenPoint) {
                seenPoint = true;
            } else if (b == 'e' || b == 'E') {
                return seenDigit ? slowParse(data, from, to) : NOT_A_NUMBER;
            } else {
                return NOT_A_NUMBER;
            }
        }
        if (!seenDigit) {
            return NOT_A_NUMBER;
        }
        // At most 15 digits and a power of ten up to 1e22 are exact doubles, so one division rounds correctly.
        double value = digits / POWERS_OF_TEN[fractionDigits];
        return negative ? -value : value;
    }

    /** Whole non-negative seconds, or -1 when the text is not that. */
    static long seconds(byte[] data, int from, int to) {
        if (from >= to || to - from > 12) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            if (data[i] < '0' || data[i] > '9') {
                return -1;
            }
            value = value * 10 + (data[i] - '0');
        }
        return value;
    }

    private static double slowParse(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = data[i];
            if (!((b >= '0' && b <= '9') || b == '.' || b == 'e' || b == 'E' || b == '-' || b == '+')) {
                return NOT_A_NUMBER;
            }
        }
        try {
            return Double.parseDouble(new String(data, from, to - from, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return NOT_A_NUMBER;
        }
    }
}
