package dev.hawkeye.transport.unix;

import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.Series;

/**
 * The series met recently, by their wire text ({@link SeriesText}), so that a point of a known
 * series costs neither strings, nor validation, nor a new {@link Series}; and since the same
 * instance comes back each time, the aggregator's map finds it by identity. A table of
 * {@value #SLOTS} entries in pairs: a series may sit in either slot of its pair, so two series whose
 * hashes meet do not keep evicting each other; a third one takes the place of the first, which is
 * simply built again when it comes back. Not thread-safe: owned by the selector thread, which runs
 * every {@link RecordDecoder}.
 */
final class SeriesInterner {
    static final int SLOTS = 1 << 13;

    private final char[][] texts = new char[SLOTS][];
    private final Series[] series = new Series[SLOTS];

    /**
     * The series {@code text} names.
     *
     * @throws InvalidPointException when it is not a valid series (such a series is not kept)
     */
    Series intern(SeriesText text) {
        int hash = text.hash();
        int slot = (hash ^ (hash >>> 13)) & (SLOTS - 1);
        char[] known = texts[slot];
        if (known != null && text.matches(known)) {
            return series[slot];
        }
        int other = slot ^ 1;
        known = texts[other];
        if (known != null && text.matches(known)) {
            return series[other];
        }
        Series created = text.toSeries();
        int free = texts[slot] == null ? slot : texts[other] == null ? other : slot;
        texts[free] = text.copy();
        series[free] = created;
        return created;
    }
}
