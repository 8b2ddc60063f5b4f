package dev.hawkeye.transport.unix;

import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.Series;

/**
 * The series met recently, by their wire text ({@link SeriesText}), so that a point of a known
 * series costs neither strings, nor validation, nor a new {@link Series}; and since the same
 * instance comes back each time, the aggregator's map finds it by identity. A direct-mapped table
 * of {@value #SLOTS} entries: a series whose slot another takes is simply built again. Not
 * thread-safe: owned by the selector thread, which runs every {@link RecordDecoder}.
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
        Series created = text.toSeries();
        texts[slot] = text.copy();
        series[slot] = created;
        return created;
    }
}
