package dev.hawkeye.api.metric;

import java.util.Locale;

/** How the points of one series combine. */
public enum MetricType {
    /** Values add up; the default value of a point is 1. */
    COUNTER,
    /** The last value wins; min, max and average over a window are kept too. */
    GAUGE,
    /** A distribution of observations: count, sum, min, max and a {@link QuantileSketch} for percentiles. */
    HISTOGRAM;

    /** The lower-case name used on the wire and in config. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name ({@code counter}, {@code gauge}, {@code histogram}; {@code timer} and
     * {@code distribution} are accepted for histogram).
     *
     * @throws InvalidPointException naming the field {@code type} when the name is unknown
     */
    public static MetricType fromWireName(String name) {
        if (name != null) {
            switch (name.toLowerCase(Locale.ROOT)) {
                case "counter": return COUNTER;
                case "gauge": return GAUGE;
                case "histogram": case "timer": case "distribution": return HISTOGRAM;
                default: break;
            }
        }
        throw new InvalidPointException("type", "type must be one of counter, gauge, histogram; got '" + name + "'");
    }
}
