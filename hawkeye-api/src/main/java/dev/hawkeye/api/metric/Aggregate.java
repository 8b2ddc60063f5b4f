package dev.hawkeye.api.metric;

import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * What a window read computes from the points of a series.
 *
 * <p>For a {@link MetricType#COUNTER} the "count" of a window is the total counted (the sum of the
 * increments), which is what {@code api.errors count over 5m} means to a user; for gauges and
 * histograms it is the number of observations.
 */
public enum Aggregate {
    COUNT, SUM, AVG, MIN, MAX, LAST, RATE;

    /** The lower-case name used in config and on the wire. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code count}, {@code sum}, {@code avg}, {@code min}, {@code max}, {@code last},
     * {@code rate}.
     *
     * @throws IllegalArgumentException listing the names that exist
     */
    public static Aggregate fromWireName(String name) {
        for (Aggregate aggregate : values()) {
            if (aggregate.wireName().equals(name)) {
                return aggregate;
            }
        }
        throw new IllegalArgumentException("aggregate must be one of count, sum, avg, min, max, last, rate; got '" + name + "'");
    }

    /**
     * Computes this aggregate of a window's merged summary.
     *
     * @param type   the series' type (decides what "count" means)
     * @param stats  the merged summary of the window
     * @param window the window's length (for {@link #RATE})
     * @return the value; empty when the window holds no point and the aggregate has no natural
     *         value for nothing ({@code avg}, {@code min}, {@code max}, {@code last}); {@code count},
     *         {@code sum} and {@code rate} of an empty window are 0
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
        switch (this) {
            case AVG: return OptionalDouble.of(stats.sum() / stats.count());
            case MIN: return OptionalDouble.of(stats.min());
            case MAX: return OptionalDouble.of(stats.max());
            case LAST: return OptionalDouble.of(stats.last());
            default: throw new AssertionError(this);
        }
    }
}
