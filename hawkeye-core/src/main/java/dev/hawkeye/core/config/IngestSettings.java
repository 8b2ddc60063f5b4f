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
 */
public record IngestSettings(Duration resolution, Duration flushInterval, int maxPendingBatches, int maxSeries) {
    public static final IngestSettings DEFAULTS = new IngestSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 600, 100_000);
}
