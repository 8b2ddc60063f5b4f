package dev.hawkeye.api.metric;

/**
 * The summary of one series in one time bucket, as the aggregator flushes it.
 *
 * @param series            the series
 * @param type              its type
 * @param bucketStartMillis the start of the bucket, a multiple of the bucket resolution
 * @param stats             the points of the bucket that this flush carries; a later flush may
 *                          carry more points of the same bucket, to be merged
 */
public record SeriesBucket(Series series, MetricType type, long bucketStartMillis, Stats stats) {
}
