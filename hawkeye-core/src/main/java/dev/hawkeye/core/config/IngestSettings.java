package dev.hawkeye.core.config;

import java.time.Duration;

/**
 * The limits and timing of the aggregator.
 *
 * @param resolution        the width of a time bucket
 * @param flushInterval     how often aggregates are flushed to the store
 * @param maxPendingBatches how many flushed batches are kept while the store is unavailable;
 *                          beyond it the oldest is dropped, counted and logged
 * @param maxSeries         how many distinct series may be live between two flushes; a point of a
 *                          new series beyond it is rejected
 * @param maxPointAge       how old a point's timestamp may be; an older point is rejected. The
 *                          aggregator cannot know how long the store keeps data, so this should not
 *                          exceed the store's retention (a point older than that would be dropped there)
 * @param maxPendingBuckets how many series buckets the kept batches may hold together (a batch holds
 *                          one per live series, each about 170 bytes of heap): the bound on their
 *                          memory; beyond it the oldest batches are dropped, counted and logged, but
 *                          never the newest
 */
public record IngestSettings(Duration resolution, Duration flushInterval, int maxPendingBatches, int maxSeries,
                             Duration maxPointAge, int maxPendingBuckets) {
    /** The default {@link #maxPointAge()}: one hour. */
    public static final Duration DEFAULT_MAX_POINT_AGE = Duration.ofHours(1);
    /** The default {@link #maxPendingBuckets()}: a million, about 170 MB of heap. */
    public static final int DEFAULT_MAX_PENDING_BUCKETS = 1_000_000;
    public static final IngestSettings DEFAULTS = new IngestSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 600, 100_000,
            DEFAULT_MAX_POINT_AGE, DEFAULT_MAX_PENDING_BUCKETS);

    /** Settings with the {@link #DEFAULT_MAX_PENDING_BUCKETS}. */
    public IngestSettings(Duration resolution, Duration flushInterval, int maxPendingBatches, int maxSeries, Duration maxPointAge) {
        this(resolution, flushInterval, maxPendingBatches, maxSeries, maxPointAge, DEFAULT_MAX_PENDING_BUCKETS);
    }

    /** Settings with the {@link #DEFAULT_MAX_POINT_AGE} and the {@link #DEFAULT_MAX_PENDING_BUCKETS}. */
    public IngestSettings(Duration resolution, Duration flushInterval, int maxPendingBatches, int maxSeries) {
        this(resolution, flushInterval, maxPendingBatches, maxSeries, DEFAULT_MAX_POINT_AGE);
    }
}
