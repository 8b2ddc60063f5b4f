package dev.hawkeye.api.metric;

import java.time.Instant;

/**
 * One series a store holds, as a listing shows it: its type and its last point.
 *
 * @param series      the series
 * @param type        its type (of its latest data)
 * @param lastPointAt the timestamp of its latest point
 * @param lastValue   the value of its latest point (for a counter: the latest bucket's increments)
 */
public record SeriesInfo(Series series, MetricType type, Instant lastPointAt, double lastValue) {
}
