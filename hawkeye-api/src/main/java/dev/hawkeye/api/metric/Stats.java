package dev.hawkeye.api.metric;

/**
 * The summary of the points of one series in some span of time: how many, their sum, the
 * smallest, the largest and the latest. Immutable; {@link #merge} is commutative and associative,
 * so partial summaries flushed at different times (or by different servers) combine into the same
 * result in any order. For equal timestamps the larger value is taken as the latest, to keep the
 * merge order-independent.
 */
public record Stats(long count, double sum, double min, double max, double last, long lastTimestampMillis) {
    /** The summary of no points. */
    public static final Stats EMPTY = new Stats(0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, Long.MIN_VALUE);

    /** The summary of a single point. */
    public static Stats of(double value, long timestampMillis) {
        return new Stats(1, value, value, value, value, timestampMillis);
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** The summary of the points of both. */
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
                otherIsLater ? other.last : last, otherIsLater ? other.lastTimestampMillis : lastTimestampMillis);
    }

    /** This summary with one more point. */
    public Stats add(double value, long timestampMillis) {
        return merge(of(value, timestampMillis));
    }
}
