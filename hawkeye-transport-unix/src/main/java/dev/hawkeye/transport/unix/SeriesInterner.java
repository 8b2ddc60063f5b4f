package dev.hawkeye.transport.unix;

import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.Series;

/**
 * The series met recently, by their wire text ({@link SeriesText}), so that a point of a known
 * series costs neither strings, nor validation, nor a new {@link Series}; and since the same
 * instance comes back each time, the aggregator's map finds it by identity. A table of
 * {@value #SLOTS} entries in sets of {@value #WAYS}: a series may sit in any slot of its set, so a
 * few series whose hashes meet do not keep evicting each other; one more takes the place of one
 * of them (the slot a counter shared by all sets points at), which is simply built again when it
 * comes back. Not thread-safe: owned by the selector thread, which runs every {@link RecordDecoder}.
 */
final class SeriesInterner {
    static final int SLOT_BITS = 13;
    static final int SLOTS = 1 << SLOT_BITS;
    static final int WAYS = 4;

    /** Each slot's text hash, compared first so that a lookup reads the texts of its set's other series only when their hashes match. */
    private final int[] hashes = new int[SLOTS];
    private final char[][] texts = new char[SLOTS][];
    private final Series[] series = new Series[SLOTS];
    private int evictions;

    /**
     * The series {@code text} names.
     *
     * @throws InvalidPointException when it is not a valid series (such a series is not kept)
     */
    Series intern(SeriesText text) {
        if (text.holdsSeparator()) {
            // Not looked up, where it could find the series it reads as: toSeries refuses it.
            return text.toSeries();
        }
        int hash = text.hash();
        int set = setOf(hash);
        int free = -1;
        for (int slot = set; slot < set + WAYS; slot++) {
            char[] known = texts[slot];
            if (known == null) {
                free = free < 0 ? slot : free;
            } else if (hashes[slot] == hash && text.matches(known)) {
                return series[slot];
            }
        }
        Series created = text.toSeries();
        int slot = free >= 0 ? free : set + (evictions++ & (WAYS - 1));
        hashes[slot] = hash;
        texts[slot] = text.copy();
        series[slot] = created;
        return created;
    }

    /**
     * The first slot of a hash's set: the top bits of the hash times the golden ratio (Fibonacci
     * hashing). The string hashes of similar keys ({@code api.7}, {@code api.8}, ...) differ mostly
     * in their low bits, which a mask alone would crowd into a few sets.
     */
    static int setOf(int hash) {
        return ((hash * 0x9E37_79B9) >>> (Integer.SIZE - SLOT_BITS)) & -WAYS;
    }
}
