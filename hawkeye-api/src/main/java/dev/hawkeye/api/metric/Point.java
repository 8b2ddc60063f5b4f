package dev.hawkeye.api.metric;

/**
 * One recorded observation. Immutable.
 *
 * @param series          the series it belongs to
 * @param type            how it combines with other points of the series
 * @param value           a finite number (1 is the usual counter increment)
 * @param timestampMillis when it was observed, in milliseconds since the epoch
 * @throws InvalidPointException naming {@code value} when the value is NaN or infinite
 */
public record Point(Series series, MetricType type, double value, long timestampMillis) {
    public Point {
        if (series == null) {
            throw new InvalidPointException("key", "key is required");
        }
        if (type == null) {
            throw new InvalidPointException("type", "type is required");
        }
        if (!Double.isFinite(value)) {
            throw new InvalidPointException("value", "value must be a finite number; got " + value);
        }
        if (timestampMillis < 0) {
            throw new InvalidPointException("timestamp", "timestamp must be milliseconds since the epoch; got " + timestampMillis);
        }
    }
}
