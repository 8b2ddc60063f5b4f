package dev.hawkeye.core.ingest;

import dev.hawkeye.api.metric.Stats;

/**
 * A mutable {@link Stats} for the points of one series in one bucket, so that adding a point does
 * not allocate. Its {@link #add} follows {@link Stats#add} exactly (same "latest" rule), so what
 * it hands out with {@link #toStats} is what folding the points through {@code Stats} would give.
 * Not thread-safe: its {@link SeriesCell} guards it.
 */
final class BucketAccumulator {
    private long count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double last = Double.NaN;
    private long lastTimestampMillis = Long.MIN_VALUE;

    void add(double value, long timestampMillis) {
        if (count == 0 || timestampMillis > lastTimestampMillis
                || (timestampMillis == lastTimestampMillis && value > last)) {
            last = value;
            lastTimestampMillis = timestampMillis;
        }
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
    }

    Stats toStats() {
        return new Stats(count, sum, min, max, last, lastTimestampMillis);
    }
}
