package dev.hawkeye.api.metric;

import java.util.List;

/**
 * What the aggregator hands to the store in one flush. Immutable.
 *
 * @param id                unique per batch: a store that sees the same id twice (a retried
 *                          write) must apply it only once
 * @param createdAtMillis   when the batch was cut
 * @param resolutionMillis  the bucket resolution of every bucket in it
 * @param buckets           the series buckets
 */
public record FlushBatch(String id, long createdAtMillis, long resolutionMillis, List<SeriesBucket> buckets) {
    public FlushBatch {
        buckets = List.copyOf(buckets);
    }

    /** The number of points summarised by the batch. */
    public long pointCount() {
        long points = 0;
        for (SeriesBucket bucket : buckets) {
            points += bucket.stats().count();
        }
        return points;
    }
}
