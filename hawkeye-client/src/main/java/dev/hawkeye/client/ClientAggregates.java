package dev.hawkeye.client;

import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Client-side aggregation, as DogStatsD's Java client does it: between two sends, the counts of a
 * counter series are summed and a gauge series keeps its last value, so recording one costs an
 * addition, not a buffered point. Once per flush interval (and on {@link HawkeyeClient#flush()})
 * each series with something recorded becomes one point in the {@link PointBuffer}, stamped with the
 * time it is taken; from there on it is delivered like any point. Histograms are not aggregated.
 *
 * <p>Bounded: at most {@code maxSeries} series are aggregated; points of further series go to the
 * buffer one by one, as without aggregation. A series' cell lives as long as the client (a few dozen
 * bytes), so that a recording thread never holds a cell that the sender has let go.
 *
 * <p>Thread-safe. Closing ({@link #close}) marks every cell closed, after which recording into one
 * fails and the caller counts the point as dropped; an aggregate still in a cell when it closes is
 * counted as dropped too: nothing is lost silently. A cell created while the client closes is
 * closed by its creator (see {@link #cell}).
 */
final class ClientAggregates {
    private final ConcurrentHashMap<Series, AggregateCell> cells = new ConcurrentHashMap<>();
    private final int maxSeries;
    private final LongAdder dropped;
    private volatile boolean closed;

    /**
     * @param maxSeries how many series may be aggregated
     * @param dropped   where aggregates lost at close are counted
     */
    ClientAggregates(int maxSeries, LongAdder dropped) {
        this.maxSeries = maxSeries;
        this.dropped = dropped;
    }

    /**
     * The cell of {@code series} for points of {@code type}, or {@code null} when the point must go to
     * the buffer instead (too many series; the series is aggregated as another type).
     */
    AggregateCell cell(Series series, MetricType type) {
        AggregateCell cell = cells.get(series);
        if (cell == null) {
            if (cells.size() >= maxSeries) {
                return null;
            }
            cell = cells.computeIfAbsent(series, created -> new AggregateCell(created, type));
            // Insert, then read the flag; close() sets the flag, then visits the cells: one of the
            // two sees the other, so a cell created while closing is closed by one of them.
            if (closed && cell.close()) {
                dropped.increment();
            }
        }
        return cell.type == type ? cell : null;
    }

    /**
     * Moves every aggregate into {@code buffer} as a point stamped {@code timestampMillis}; an
     * aggregate the buffer has no room for stays in its cell for the next time.
     *
     * @return how many aggregates stayed behind for want of room
     */
    int drainTo(PointBuffer buffer, long timestampMillis) {
        int left = 0;
        for (AggregateCell cell : cells.values()) {
            double value = cell.take();
            if (Double.isNaN(value)) {
                continue;
            }
            if (!buffer.offer(cell.series, cell.type, value, timestampMillis)) {
                left++;
                if (!cell.giveBack(value)) {
                    dropped.increment();
                }
            }
        }
        return left;
    }

    /** Whether some cell holds an aggregate not yet moved to the buffer. */
    boolean hasPending() {
        for (AggregateCell cell : cells.values()) {
            if (cell.isPending()) {
                return true;
            }
        }
        return false;
    }

    /** Closes every cell; an aggregate still in one is counted as dropped. Returns how many were. */
    int close() {
        closed = true;
        int lost = 0;
        for (AggregateCell cell : cells.values()) {
            if (cell.close()) {
                lost++;
            }
        }
        dropped.add(lost);
        return lost;
    }

    int size() {
        return cells.size();
    }
}
