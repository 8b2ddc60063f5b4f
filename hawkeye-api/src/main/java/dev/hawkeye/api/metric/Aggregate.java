package dev.hawkeye.api.metric;

import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.StringJoiner;

/**
 * What a window read computes from the points of a series.
 *
 * <p>For a {@link MetricType#COUNTER} the "count" of a window is the total counted (the sum of the
 * increments), which is what {@code api.errors count over 5m} means to a user; for gauges and
 * histograms it is the number of observations.
 *
 * <p>The percentiles {@code p50}, {@code p90}, {@code p95} and {@code p99} are read from the
 * window's merged {@link QuantileSketch}, within its 1% relative error (and never outside the
 * window's min and max). Only histograms keep a sketch, so a percentile of a counter or a gauge is
 * empty, like a percentile of a window without points: "no value", not an error, because the type
 * of a series is only known once it has points.
 */
public enum Aggregate {
    COUNT, SUM, AVG, MIN, MAX, LAST, RATE, P50(0.50), P90(0.90), P95(0.95), P99(0.99);

    private final double quantile;

    Aggregate() {
        this(Double.NaN);
    }

    Aggregate(double quantile) {
        this.quantile = quantile;
    }

    /** The lower-case name used in config and on the wire. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this is one of {@code p50}, {@code p90}, {@code p95}, {@code p99}. */
    public boolean isPercentile() {
        return !Double.isNaN(quantile);
    }

    /** The quantile of a percentile (0.95 for {@code p95}); empty for the other aggregates. */
    public OptionalDouble quantile() {
        return isPercentile() ? OptionalDouble.of(quantile) : OptionalDouble.empty();
    }

    /**
     * Parses {@code count}, {@code sum}, {@code avg}, {@code min}, {@code max}, {@code last},
     * {@code rate}, {@code p50}, {@code p90}, {@code p95}, {@code p99}.
     *
     * @throws IllegalArgumentException listing the names that exist
     */
    public static Aggregate fromWireName(String name) {
        for (Aggregate aggregate : values()) {
            if (aggregate.wireName().equals(name)) {
                return aggregate;
            }
        }
        throw new IllegalArgumentException("aggregate must be one of " + wireNames() + "; got '" + name + "'");
    }

    /** Every wire name, comma-separated, for error messages: {@code count, sum, ..., p99}. */
    public static String wireNames() {
        StringJoiner names = new StringJoiner(", ");
        for (Aggregate aggregate : values()) {
            names.add(aggregate.wireName());
        }
        return names.toString();
    }

    /**
     * Computes this aggregate of a window's merged summary.
     *
     * @param type   the series' type (decides what "count" means)
     * @param stats  the merged summary of the window
     * @param window the window's length (for {@link #RATE})
     * @return the value; empty when the window holds no point and the aggregate has no natural
     *         value for nothing ({@code avg}, {@code min}, {@code max}, {@code last}, the
     *         percentiles); {@code count}, {@code sum} and {@code rate} of an empty window are 0; a
     *         percentile is also empty when {@code type} is not a histogram or {@code stats} has no
     *         sketch
     */
    public OptionalDouble of(MetricType type, Stats stats, Duration window) {
        double counted = type == MetricType.COUNTER ? stats.sum() : stats.count();
        switch (this) {
            case COUNT: return OptionalDouble.of(counted);
            case SUM: return OptionalDouble.of(stats.sum());
            case RATE: return OptionalDouble.of(window.isZero() ? 0 : counted * 1000.0 / window.toMillis());
            default: break;
        }
        if (stats.isEmpty()) {
            return OptionalDouble.empty();
        }
        if (isPercentile()) {
            if (type != MetricType.HISTOGRAM || stats.sketch().isEmpty()) {
                return OptionalDouble.empty();
            }
            // The window's exact extremes are known: a bin's representative value must not pass them.
            double value = stats.sketch().quantile(quantile).getAsDouble();
            return OptionalDouble.of(Math.max(stats.min(), Math.min(stats.max(), value)));
        }
        switch (this) {
            case AVG: return OptionalDouble.of(stats.sum() / stats.count());
            case MIN: return OptionalDouble.of(stats.min());
            case MAX: return OptionalDouble.of(stats.max());
            case LAST: return OptionalDouble.of(stats.last());
            default: throw new AssertionError(this);
        }
    }
}
