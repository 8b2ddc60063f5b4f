package dev.hawkeye.core.ingest;

import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.QuantileSketch;
import dev.hawkeye.api.metric.Stats;

/**
 * A mutable {@link Stats} for the points of one series in one bucket, so that adding a point does
 * not allocate. Its {@link #add} follows {@link Stats#add(MetricType, double, long)} exactly (same
 * "latest" rule, a sketch for histograms only), so what it hands out with {@link #toStats} is what
 * folding the points through {@code Stats} would give. A histogram's sketch grows its bins array
 * only when a value falls outside the bins seen so far. Not thread-safe: its {@link SeriesCell}
 * guards it.
 */
final class BucketAccumulator {
    private final QuantileSketch.Builder sketch;
    private long count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double last = Double.NaN;
    private long lastTimestampMillis = Long.MIN_VALUE;

    /** An empty bucket of a series of {@code type}; it keeps a sketch when that is a histogram. */
    BucketAccumulator(MetricType type) {
        this.sketch = type == MetricType.HISTOGRAM ? QuantileSketch.builder() : null;
    }

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
        if (sketch != null) {
            sketch.add(value);
        }
    }

    Stats toStats() {
        return new Stats(count, sum, min, max, last, lastTimestampMillis,
                sketch == null ? QuantileSketch.EMPTY : sketch.build());
    }
}
