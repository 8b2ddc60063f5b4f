package dev.hawkeye.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.core.testing.LogCapture;
import dev.hawkeye.core.testing.ManualClock;
import dev.hawkeye.core.testing.StoreWrites;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A bucket written when it is already older than the retention is not stored, but counted and logged (once a minute). */
class BucketsOlderThanTheRetentionAreCountedTest {
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    private static final Series ERRORS = Series.of("api.errors");

    private final ManualClock clock = new ManualClock(NOW);
    private final MemoryStore store = new MemoryStore(Duration.ofMinutes(10), clock);
    @RegisterExtension
    final LogCapture log = LogCapture.of(MemoryStore.class);

    @Test
    void aBucketOlderThanTheRetentionIsCountedAndLoggedOnceAMinute() {
        StoreWrites.write(store, ERRORS, MetricType.COUNTER, 1, NOW.minus(Duration.ofMinutes(30)));
        StoreWrites.write(store, ERRORS, MetricType.COUNTER, 1, NOW.minus(Duration.ofMinutes(20)));
        clock.advance(Duration.ofMinutes(1));
        StoreWrites.write(store, ERRORS, MetricType.COUNTER, 1, NOW.minus(Duration.ofMinutes(20)));
        StoreWrites.write(store, ERRORS, MetricType.COUNTER, 1, NOW);

        assertThat(store.bucketsDroppedAsTooOld()).isEqualTo(3);
        assertThat(store.read(ERRORS, Aggregate.COUNT, Instant.EPOCH, NOW.plusSeconds(1)).getAsDouble()).isEqualTo(1);
        assertThat(log.messages()).hasSize(2)
                .allMatch(line -> line.contains("older than the retention (10m)") && line.contains("api.errors"));
        assertThat(log.messages().get(1)).contains("3 dropped for this reason");
    }
}
