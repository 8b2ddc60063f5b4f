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
 */
public record IngestSettings(Duration resolution, Duration flushInterval, int maxPendingBatches, int maxSeries,
                             Duration maxPointAge) {
    /** The default {@link #maxPointAge()}: one hour. */
    public static final Duration DEFAULT_MAX_POINT_AGE = Duration.ofHours(1);
    public static final IngestSettings DEFAULTS = new IngestSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 600, 100_000,
            DEFAULT_MAX_POINT_AGE);

    /** Settings with the {@link #DEFAULT_MAX_POINT_AGE}. */
    public IngestSettings(Duration resolution, Duration flushInterval, int maxPendingBatches, int maxSeries) {
        this(resolution, flushInterval, maxPendingBatches, maxSeries, DEFAULT_MAX_POINT_AGE);
    }
}
