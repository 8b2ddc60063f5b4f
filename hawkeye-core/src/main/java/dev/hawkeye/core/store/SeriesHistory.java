package dev.hawkeye.core.store;

import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.QuantileSketch;
import dev.hawkeye.api.metric.Stats;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The stored buckets of one series, by bucket start. Thread-safe: every method is
 * {@code synchronized} on the history, so reads of one series never wait for another.
 */
final class SeriesHistory {
    /** One stored bucket. */
    record Bucket(MetricType type, Stats stats) {
    }

    /** What a window read found: the series' type in the window and the merged stats. */
    record Window(MetricType type, Stats stats) {
    }

    private final TreeMap<Long, Bucket> buckets = new TreeMap<>();

    /**
     * Merges flushed stats (with their sketch) into a bucket. A series whose type changed (possible
     * once it was idle long enough for the aggregator to forget it) starts the bucket afresh with
     * the new type: stats of different types do not add up.
     */
    synchronized void merge(long bucketStartMillis, MetricType type, Stats stats) {
        buckets.merge(bucketStartMillis, new Bucket(type, stats), (old, added) ->
                old.type() == added.type() ? new Bucket(old.type(), old.stats().merge(added.stats())) : added);
    }

    /**
     * Merges the buckets starting in {@code [fromMillis, toMillis)}. When the series changed type
     * inside the window, only the buckets of its latest type count.
     *
     * @return the merged window, or {@code null} when no bucket starts in it
     */
    synchronized Window read(long fromMillis, long toMillis) {
        if (fromMillis >= toMillis) {
            return null;
        }
        NavigableMap<Long, Bucket> window = buckets.subMap(fromMillis, true, toMillis, false);
        if (window.isEmpty()) {
            return null;
        }
        MetricType type = window.lastEntry().getValue().type();
        Stats merged = Stats.EMPTY;
        // One builder for the sketches: merging them pairwise would copy the growing bins at every bucket.
        QuantileSketch.Builder sketch = QuantileSketch.builder();
        for (Bucket bucket : window.values()) {
            if (bucket.type() == type) {
                merged = merged.merge(bucket.stats().withSketch(QuantileSketch.EMPTY));
                sketch.merge(bucket.stats().sketch());
            }
        }
        return new Window(type, merged.withSketch(sketch.build()));
    }

    /**
     * Removes the buckets that start before {@code cutoffMillis}.
     *
     * @return {@code true} when nothing is left
     */
    synchronized boolean pruneBefore(long cutoffMillis) {
        Map<Long, Bucket> old = buckets.headMap(cutoffMillis, false);
        old.clear();
        return buckets.isEmpty();
    }

    synchronized int size() {
        return buckets.size();
    }
}
