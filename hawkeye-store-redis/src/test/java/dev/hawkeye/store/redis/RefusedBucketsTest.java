package dev.hawkeye.store.redis;

import static dev.hawkeye.store.redis.Fixtures.bucket;
import static dev.hawkeye.store.redis.Fixtures.stats;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesBucket;
import dev.hawkeye.api.store.MetricStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bucket the store cannot keep (Redis refuses its key, its held field does not read, or it
 * started before the retention) is counted in {@code store.buckets.dropped} and costs nothing else:
 * the rest of the batch is applied once, also when the write is retried.
 */
class RefusedBucketsTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.plain();

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final long T = NOW.toEpochMilli();
    private static final KeyLayout KEYS = new KeyLayout("hawkeye:");

    @RegisterExtension
    final OpenStores stores = new OpenStores(REDIS, Clock.fixed(NOW, ZoneOffset.UTC));

    private static Series series(int i) {
        return Series.of("jobs.done", Map.of("worker", Integer.toString(i)));
    }

    /** Series 0, 1 and 2 counted 1, 2 and 3 times, each in one bucket starting at {@code start}. */
    private static FlushBatch threeSeries(long start) {
        return new FlushBatch("b1", 0, 1_000, List.of(
                bucket(series(0), MetricType.COUNTER, start, stats(start, 1)),
                bucket(series(1), MetricType.COUNTER, start, stats(start, 1, 1)),
                bucket(series(2), MetricType.COUNTER, start, stats(start, 1, 1, 1))));
    }

    private static double count(MetricStore store, int series) {
        return store.read(series(series), Aggregate.COUNT, NOW.minusSeconds(60), NOW).orElseThrow();
    }

    private static long dropped(MetricStore store) {
        return store.counters().get("store.buckets.dropped");
    }

    @Test
    void aBucketWhoseKeyHoldsAnotherTypeIsCountedAndTheOthersAreAppliedOnce() {
        MetricStore store = stores.open();
        REDIS.admin(r -> r.set(KEYS.slabKey(series(1), T - 1_000), "not a hash"));

        store.write(threeSeries(T - 1_000));
        store.write(threeSeries(T - 1_000));

        assertThat(count(store, 0)).isEqualTo(1);
        assertThat(count(store, 2)).as("the bucket after the refused one").isEqualTo(3);
        assertThat(dropped(store)).as("counted once: the retry applied nothing again").isEqualTo(1);
        String left = REDIS.admin(r -> r.get(KEYS.slabKey(series(1), T - 1_000)));
        assertThat(left).as("what another program keeps there").isEqualTo("not a hash");
    }

    @Test
    void aBucketWhoseHeldFieldDoesNotReadIsCountedAndTheOthersAreApplied() {
        MetricStore store = stores.open();
        REDIS.admin(r -> r.hset(KEYS.slabKey(series(0), T - 1_000), Long.toString(T - 1_000), "c one two"));

        store.write(threeSeries(T - 1_000));

        assertThat(count(store, 1)).isEqualTo(2);
        assertThat(count(store, 2)).isEqualTo(3);
        assertThat(dropped(store)).isEqualTo(1);
    }

    @Test
    void aHistogramWhoseSketchKeyHoldsAnotherTypeIsCounted() {
        MetricStore store = stores.open();
        long start = T - 1_000;
        REDIS.admin(r -> r.set(KEYS.sketchKey(Series.of("latency"), start), "not a hash"));

        store.write(new FlushBatch("h1", 0, 1_000, List.of(
                bucket(Series.of("latency"), MetricType.HISTOGRAM, start, stats(MetricType.HISTOGRAM, start, 5, 7)),
                bucket(series(0), MetricType.COUNTER, start, stats(start, 1)))));

        assertThat(count(store, 0)).isEqualTo(1);
        assertThat(dropped(store)).as("the histogram's bucket, written in part (its summary, not its sketch)").isEqualTo(1);
    }

    @Test
    void bucketsOlderThanTheRetentionAreCounted() {
        MetricStore store = stores.open("retention", "1h");

        store.write(threeSeries(T - 2 * 3_600_000));

        assertThat(dropped(store)).isEqualTo(3);
    }

    @Test
    void aStoreThatDroppedNothingSaysSo() {
        MetricStore store = stores.open();

        store.write(threeSeries(T - 1_000));

        assertThat(store.counters()).containsExactly(Map.entry("store.buckets.dropped", 0L));
    }
}
