package dev.hawkeye.protocol;

import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.Series;
import java.util.Arrays;

/**
 * The series a connection has named by id in the {@code "series"} of its {@code recordBatch}
 * calls, so that a point of a known series carries a number instead of its key and tags. Ids are
 * 0 to {@code MAX_IDS - 1}: the limit bounds the table and lets it be an array. An id keeps its
 * series for the connection's life; defining it again with the same series changes nothing.
 *
 * <p>Thread-safe. Written under its lock by one thread at a time, in the connection's order: the
 * selector thread while the unix transport's fast path takes the definitions, a worker once they have
 * passed to the general path (see the unix transport's fast path).
 */
public final class SeriesTable {
    public static final int MAX_IDS = 100_000;

    /**
     * Republished after every write. {@link #peek} may still miss an id just defined by another
     * thread, which only sends its point to the general path; a {@link Series} is immutable, so
     * one seen is seen whole.
     */
    private volatile Series[] series = new Series[16];

    /** The series of {@code id}, or {@code null}; without the lock, for the fast path (see {@link #series}). */
    public Series peek(int id) {
        Series[] known = series;
        return id >= 0 && id < known.length ? known[id] : null;
    }

    /** The series of {@code id}, or {@code null} when it is not defined. */
    public synchronized Series get(int id) {
        return peek(id);
    }

    /**
     * Gives {@code id} its series for the rest of the connection.
     *
     * @throws InvalidPointException on field {@code series} when the id is out of range or already names another series
     */
    public synchronized void define(long id, Series defined) {
        checkId(id);
        Series known = peek((int) id);
        if (known != null && !known.equals(defined)) {
            throw new InvalidPointException("series", "series id " + id + " already names " + known
                    + " on this connection; an id keeps its series until the client reconnects");
        }
        Series[] grown = id < series.length ? series : Arrays.copyOf(series, Math.max((int) id + 1, series.length * 2));
        grown[(int) id] = defined;
        series = grown;
    }

    /** @throws InvalidPointException on field {@code series} when {@code id} is not one a connection may define */
    public static void checkId(long id) {
        if (id < 0 || id >= MAX_IDS) {
            throw new InvalidPointException("series", "series id " + id + " is out of range: a connection may define ids 0 to "
                    + (MAX_IDS - 1) + " (" + MAX_IDS + " series); send the points of further series with their key and tags");
        }
    }
}
