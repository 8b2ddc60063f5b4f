package dev.hawkeye.api.metric;

/**
 * The summary of the points of one series in some span of time: how many, their sum, the
 * smallest, the largest and the latest, and for a {@link MetricType#HISTOGRAM} a
 * {@link QuantileSketch} of the values (for {@code p50}-{@code p99}). Immutable; {@link #merge} is
 * commutative and associative, so partial summaries flushed at different times (or by different
 * servers) combine into the same result in any order. For equal timestamps the larger value is
 * taken as the latest, to keep the merge order-independent.
 *
 * <p><b>Sketches are for histograms only.</b> Counters and gauges keep {@link QuantileSketch#EMPTY}
 * (a sketch costs up to a few kilobytes per bucket, too much for the commonest types), so their
 * percentiles are empty ({@link Aggregate#of}). {@link #of(MetricType, double, long)} and
 * {@link #add(MetricType, double, long)} apply this rule; {@link #of(double, long)} and
 * {@link #add(double, long)} never sketch. For a histogram built that way
 * {@code sketch().count() == count()}.
 *
 * @param sketch the distribution of the values, {@link QuantileSketch#EMPTY} when none is kept
 *               ({@code null} is taken as empty)
 */
public record Stats(long count, double sum, double min, double max, double last, long lastTimestampMillis,
                    QuantileSketch sketch) {
    /** The summary of no points. */
    public static final Stats EMPTY = new Stats(0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, Long.MIN_VALUE);

    public Stats {
        if (sketch == null) {
            sketch = QuantileSketch.EMPTY;
        }
    }

    /** A summary without a sketch. */
    public Stats(long count, double sum, double min, double max, double last, long lastTimestampMillis) {
        this(count, sum, min, max, last, lastTimestampMillis, QuantileSketch.EMPTY);
    }

    /** The summary of a single point, without a sketch. */
    public static Stats of(double value, long timestampMillis) {
        return new Stats(1, value, value, value, value, timestampMillis);
    }

    /** The summary of a single point of a series of {@code type}: sketched when it is a histogram. */
    public static Stats of(MetricType type, double value, long timestampMillis) {
        QuantileSketch sketch = type == MetricType.HISTOGRAM ? QuantileSketch.of(value) : QuantileSketch.EMPTY;
        return new Stats(1, value, value, value, value, timestampMillis, sketch);
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** The summary of the points of both, sketches merged. */
    public Stats merge(Stats other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        boolean otherIsLater = other.lastTimestampMillis > lastTimestampMillis
                || (other.lastTimestampMillis == lastTimestampMillis && other.last > last);
        return new Stats(count + other.count, sum + other.sum, Math.min(min, other.min), Math.max(max, other.max),
                otherIsLater ? other.last : last, otherIsLater ? other.lastTimestampMillis : lastTimestampMillis,
                sketch.merge(other.sketch));
    }

    /** This summary with one more point, not sketched. */
    public Stats add(double value, long timestampMillis) {
        return merge(of(value, timestampMillis));
    }

    /** This summary with one more point of a series of {@code type}: sketched when it is a histogram. */
    public Stats add(MetricType type, double value, long timestampMillis) {
        return merge(of(type, value, timestampMillis));
    }

    /** This summary with {@code sketch} in place of its own. */
    public Stats withSketch(QuantileSketch sketch) {
        return new Stats(count, sum, min, max, last, lastTimestampMillis, sketch);
    }
}
