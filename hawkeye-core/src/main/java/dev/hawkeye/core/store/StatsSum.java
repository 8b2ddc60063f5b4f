package dev.hawkeye.core.store;

import dev.hawkeye.api.metric.QuantileSketch;
import dev.hawkeye.api.metric.Stats;

/**
 * Bucket stats merged in place, as {@link Stats#merge} merges them, so that a window read over
 * many buckets allocates nothing per bucket. Not thread-safe: one read's.
 */
final class StatsSum {
    private long count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double last = Double.NaN;
    private long lastTimestampMillis = Long.MIN_VALUE;

    /** Merges one bucket's stats; an empty one ({@code count == 0}) changes nothing. */
    void add(long count, double sum, double min, double max, double last, long lastTimestampMillis) {
        if (count == 0) {
            return;
        }
        boolean later = this.count == 0 || lastTimestampMillis > this.lastTimestampMillis
                || (lastTimestampMillis == this.lastTimestampMillis && last > this.last);
        this.count += count;
        this.sum += sum;
        this.min = Math.min(this.min, min);
        this.max = Math.max(this.max, max);
        if (later) {
            this.last = last;
            this.lastTimestampMillis = lastTimestampMillis;
        }
    }

    Stats toStats(QuantileSketch sketch) {
        return count == 0 ? Stats.EMPTY.withSketch(sketch)
                : new Stats(count, sum, min, max, last, lastTimestampMillis, sketch);
    }
}
