package dev.hawkeye.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.store.AlertState;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.config.IngestSettings;
import dev.hawkeye.core.store.MemoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** One Error from a store plugin's write (e.g. NoClassDefFoundError) is a failed write: counted, logged, retried; the schedule goes on. */
class FlushingGoesOnAfterAStoreWriteThrowsAnErrorTest {
    @Test
    void aStoreWriteThatThrowsAnErrorIsCountedAndTheFlushScheduleGoesOn() {
        MemoryStore memory = new MemoryStore(Duration.ofHours(1), Clock.systemUTC());
        AtomicBoolean broken = new AtomicBoolean(true);
        MetricStore store = new MetricStore() {
            @Override public void write(FlushBatch batch) {
                if (broken.getAndSet(false)) {
                    throw new NoClassDefFoundError("redis/clients/jedis/Pipeline (a plugin's lazily loaded class)");
                }
                memory.write(batch);
            }
            @Override public OptionalDouble read(Series s, Aggregate a, Instant f, Instant t) { return memory.read(s, a, f, t); }
        };
        Counters counters = new Counters();
        Aggregator aggregator = new Aggregator(new IngestSettings(Duration.ofSeconds(1), Duration.ofMillis(20), 10, 1000), store,
                counters, Clock.systemUTC());
        aggregator.start();
        Series errors = Series.of("api.errors");
        aggregator.record(new Point(errors, MetricType.COUNTER, 1, System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> !broken.get());
        aggregator.record(new Point(errors, MetricType.COUNTER, 1, System.currentTimeMillis()));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                memory.read(errors, Aggregate.COUNT, Instant.now().minusSeconds(60), Instant.now().plusSeconds(1)).getAsDouble())
                .as("both points, the one of the failed write retried").isEqualTo(2));
        assertThat(counters.get(Counters.STORE_ERRORS)).isEqualTo(1);
        assertThat(counters.get(Counters.BATCHES_WRITTEN)).isPositive();
        aggregator.close();
    }
}
