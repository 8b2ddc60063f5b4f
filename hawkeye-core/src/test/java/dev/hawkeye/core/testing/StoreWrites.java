package dev.hawkeye.core.testing;

import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesBucket;
import dev.hawkeye.api.metric.Stats;
import dev.hawkeye.api.store.MetricStore;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Writes points straight into a store, as the aggregator would flush them (one-second buckets). */
public final class StoreWrites {
    private StoreWrites() {
    }

    /** One bucket of {@code series} at {@code at} holding one point of {@code value}. */
    public static void write(MetricStore store, Series series, MetricType type, double value, Instant at) {
        long bucketStart = at.toEpochMilli() / 1000 * 1000;
        store.write(new FlushBatch(UUID.randomUUID().toString(), at.toEpochMilli(), 1000,
                List.of(new SeriesBucket(series, type, bucketStart, Stats.of(value, at.toEpochMilli())))));
    }
}
