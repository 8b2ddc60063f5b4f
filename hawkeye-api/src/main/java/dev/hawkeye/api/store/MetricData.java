package dev.hawkeye.api.store;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.Series;
import java.time.Instant;
import java.util.OptionalDouble;

/**
 * The metric data of a store: flushed aggregates in, window reads out. Every store has it.
 * Implementations must be safe to call from several threads at once; every method may throw
 * {@link StoreException} when the store cannot be reached, and none may block longer than its
 * configured timeout.
 */
public interface MetricData {

    /**
     * Applies a flushed batch: merges each bucket's stats into what the store holds for that series
     * and bucket ({@link dev.hawkeye.api.metric.Stats#merge}). Must apply a batch <em>exactly once</em>:
     * a second write of the same {@link FlushBatch#id()} (a retry after a lost answer) changes nothing.
     */
    void write(FlushBatch batch);

    /**
     * Reads one aggregate of a series over {@code [from, to)}, in one round trip whatever the
     * window's length. Buckets are included when they start inside the window.
     *
     * @return the value, or empty when the series has no point in the window and the aggregate
     *         has no value for nothing (see {@link Aggregate#of})
     */
    OptionalDouble read(Series series, Aggregate aggregate, Instant from, Instant to);
}
