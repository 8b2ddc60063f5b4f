package dev.hawkeye.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.transport.StoreHealth;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.StoreHealthTracker;
import dev.hawkeye.core.config.IngestSettings;
import dev.hawkeye.core.store.MemoryStore;
import dev.hawkeye.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The aggregator tells the {@link StoreHealthTracker} when its writes fail and when they work again. */
class AggregatorStoreHealthTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Series ERRORS = Series.of("api.errors");

    private final ManualClock clock = new ManualClock(T0);
    private final FlakyStore store = new FlakyStore(new MemoryStore(Duration.ofHours(24), clock));
    private final StoreHealthTracker storeHealth = new StoreHealthTracker(clock);
    private final Aggregator aggregator = new Aggregator(new IngestSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 10, 1_000),
            store, new Counters(), clock, storeHealth);

    @AfterEach
    void closeAggregator() {
        aggregator.close();
    }

    @Test
    void failedWritesMakeTheStoreUnavailableSinceTheFirstUntilAPendingBatchIsWritten() {
        store.down();
        recordAndFlush();
        Instant firstFailure = clock.instant();
        clock.advance(Duration.ofSeconds(3));
        recordAndFlush();
        StoreHealth during = storeHealth.health();

        store.up();
        recordAndFlush();

        assertThat(during).isEqualTo(StoreHealth.unavailable(firstFailure, "connection refused"));
        assertThat(storeHealth.health()).isEqualTo(StoreHealth.AVAILABLE);
    }

    private void recordAndFlush() {
        aggregator.record(new Point(ERRORS, MetricType.COUNTER, 1, clock.millis()));
        aggregator.flush();
    }
}
