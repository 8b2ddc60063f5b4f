package dev.hawkeye.core.ingest;

import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesBucket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The points of one live series since the last flush, per time bucket.
 *
 * <p>Concurrency: every method is {@code synchronized} on the cell. Recording threads contend
 * only when they write the same series, and the flush thread holds a cell's lock only while it
 * swaps out that cell's buckets, so there is no lock across series. A cell that the flush found
 * empty is <em>retired</em> (removed from the aggregator's map) under its lock; a recorder that
 * looked the cell up before and gets the lock afterwards sees {@link #add} return {@code false}
 * and looks the series up again, so no point lands in a cell nobody will flush.
 */
final class SeriesCell {
    private final Series series;
    private final MetricType type;
    private final int maxBuckets;
    private Map<Long, BucketAccumulator> buckets = new HashMap<>();
    // Most points of a series fall in the current bucket: remembering it skips the map and the boxing.
    private long recentStart = Long.MIN_VALUE;
    private BucketAccumulator recent;
    private boolean retired;

    SeriesCell(Series series, MetricType type, int maxBuckets) {
        this.series = series;
        this.type = type;
        this.maxBuckets = maxBuckets;
    }

    MetricType type() {
        return type;
    }

    synchronized boolean isRetired() {
        return retired;
    }

    /**
     * Adds a point to the bucket starting at {@code bucketStartMillis}.
     *
     * @return {@code false} when the cell was retired and the caller must use the series' new cell
     * @throws TooManyBucketsException when the point would open more than {@code maxBuckets}
     *                                 buckets in this cell since the last flush
     */
    synchronized boolean add(long bucketStartMillis, double value, long timestampMillis) {
        if (retired) {
            return false;
        }
        if (recent == null || bucketStartMillis != recentStart) {
            BucketAccumulator bucket = buckets.get(bucketStartMillis);
            if (bucket == null) {
                if (buckets.size() >= maxBuckets) {
                    throw new TooManyBucketsException();
                }
                bucket = new BucketAccumulator(type);
                buckets.put(bucketStartMillis, bucket);
            }
            recent = bucket;
            recentStart = bucketStartMillis;
        }
        recent.add(value, timestampMillis);
        return true;
    }

    /**
     * Moves this cell's buckets into {@code out} and starts afresh. A cell that has nothing to give
     * is retired instead: it had no point for a whole flush interval.
     *
     * @return {@code true} when the cell was retired
     */
    synchronized boolean drainTo(List<SeriesBucket> out) {
        if (buckets.isEmpty()) {
            retired = true;
            return true;
        }
        buckets.forEach((start, bucket) -> out.add(new SeriesBucket(series, type, start, bucket.toStats())));
        buckets = new HashMap<>();
        recent = null;
        return false;
    }

    /** Thrown by {@link #add} when a series spreads over too many buckets between two flushes. */
    static final class TooManyBucketsException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManyBucketsException() {
            super(null, null, false, false);
        }
    }
}
