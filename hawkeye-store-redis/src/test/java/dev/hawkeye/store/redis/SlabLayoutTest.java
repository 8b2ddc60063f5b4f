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
import dev.hawkeye.core.store.MemoryStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The slab layout: a series' buckets live as fields of one hash per minute, written in any order,
 * and a window read that cuts slabs anywhere gives what the exact memory store gives.
 */
class SlabLayoutTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.plain();

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final long T = NOW.toEpochMilli();
    private static final long SLAB = KeyLayout.SLAB_WIDTH_MILLIS;
    private static final KeyLayout LAYOUT = new KeyLayout("hawkeye:");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final MemoryStore memory = Fixtures.exactMemoryStore(clock);
    @RegisterExtension
    final OpenStores stores = new OpenStores(REDIS, clock);
    private final MetricStore redis = stores.open();
    private final Random random = new Random(20261125);

    @Test
    void bucketsWrittenInAnyOrderReadLikeTheMemoryStoreForWindowsCuttingSlabsAnywhere() {
        List<Series> series = List.of(Series.of("orders"), Series.of("queue.depth", Map.of("queue", "mail")),
                Series.of("latency", Map.of("path", "/cart")));
        List<MetricType> types = List.of(MetricType.COUNTER, MetricType.GAUGE, MetricType.HISTOGRAM);
        // 80 batches of up to 12 buckets each, anywhere in the last 5 minutes, often the same bucket again
        // and later buckets before earlier ones, as flushes of several servers and late points give
        for (int b = 0; b < 80; b++) {
            List<SeriesBucket> buckets = new ArrayList<>();
            for (int i = 1 + random.nextInt(12); i > 0; i--) {
                int which = random.nextInt(series.size());
                long start = T - (1 + random.nextInt(300)) * 1_000L;
                double[] values = new double[1 + random.nextInt(4)];
                for (int v = 0; v < values.length; v++) {
                    values[v] = Math.round(random.nextGaussian() * 1000) / 8.0 + 0.1;
                }
                buckets.add(bucket(series.get(which), types.get(which), start,
                        stats(types.get(which), start + random.nextInt(1_000), values)));
            }
            FlushBatch batch = new FlushBatch("b-" + b, 0, 1_000, buckets);
            redis.write(batch);
            memory.write(batch);
        }

        List<Long> edges = new ArrayList<>(List.of(T - 301_000, T - 5 * SLAB, T - 2 * SLAB, T - SLAB, T - SLAB + 1, T));
        for (int i = 0; i < 40; i++) {
            edges.add(T - random.nextInt(302_000));
        }
        Collections.sort(edges);
        for (Series one : series) {
            for (int i = 0; i < edges.size(); i++) {
                for (int j = i; j < edges.size(); j += 1 + random.nextInt(4)) {
                    Instant from = Instant.ofEpochMilli(edges.get(i));
                    Instant to = Instant.ofEpochMilli(edges.get(j));
                    for (Aggregate aggregate : Aggregate.values()) {
                        assertThat(redis.read(one, aggregate, from, to)).as("%s of %s in [%s, %s)", aggregate, one, from, to)
                                .isEqualTo(memory.read(one, aggregate, from, to));
                    }
                }
            }
        }
    }

    @Test
    void aSeriesKeepsOneSlabPerMinuteItHasDataInAndAnIndexOfThem() {
        Series orders = Series.of("orders");
        List<SeriesBucket> buckets = new ArrayList<>();
        for (long start = T - 150_000; start < T; start += 1_000) {
            buckets.add(bucket(orders, MetricType.COUNTER, start, stats(start, 1)));
        }
        redis.write(new FlushBatch("b-1", 0, 1_000, buckets));

        Set<String> keys = REDIS.admin(r -> r.keys("hawkeye:{orders}:*"));
        List<String> slabStarts = REDIS.admin(r -> r.zrange(LAYOUT.slabIndexKey(orders), 0, -1));
        long fields = REDIS.admin(r -> r.hlen(LAYOUT.slabKey(orders, T - 1_000)));

        assertThat(keys).containsExactlyInAnyOrder(LAYOUT.slabKey(orders, T - 150_000), LAYOUT.slabKey(orders, T - 100_000),
                LAYOUT.slabKey(orders, T - 1_000), LAYOUT.slabIndexKey(orders));
        assertThat(slabStarts).containsExactly(Long.toString(T - 3 * SLAB), Long.toString(T - 2 * SLAB), Long.toString(T - SLAB));
        assertThat(fields).isEqualTo(60);
        assertThat(redis.read(orders, Aggregate.COUNT, NOW.minusSeconds(150), NOW)).hasValue(150);
    }

    @Test
    void aSlabIndexThatWasLostIsRebuiltByTheNextWriteSoTheSlabIsReadAgain() {
        Series orders = Series.of("orders");
        redis.write(new FlushBatch("b-1", 0, 1_000, List.of(bucket(orders, MetricType.COUNTER, T - 2_000, stats(T - 2_000, 1)))));
        REDIS.admin(r -> r.del(LAYOUT.slabIndexKey(orders)));

        redis.write(new FlushBatch("b-2", 0, 1_000, List.of(bucket(orders, MetricType.COUNTER, T - 1_000, stats(T - 1_000, 1)))));

        assertThat(redis.read(orders, Aggregate.COUNT, NOW.minusSeconds(60), NOW)).hasValue(2);
    }

    @Test
    void aSlabStartedByABucketAheadOfTheClockLivesTheRetentionFromItsStartAndTheIndexAsLong() {
        Series orders = Series.of("orders");
        long ahead = T + 5 * SLAB;
        redis.write(new FlushBatch("b-1", 0, 1_000, List.of(bucket(orders, MetricType.COUNTER, ahead, stats(ahead, 1)))));
        redis.write(new FlushBatch("b-2", 0, 1_000, List.of(bucket(orders, MetricType.COUNTER, T - 1_000, stats(T - 1_000, 1)))));

        long retention = RedisStoreSettings.DEFAULT_RETENTION.toMillis();
        long aheadTtl = REDIS.admin(r -> r.pttl(LAYOUT.slabKey(orders, ahead)));
        long nowTtl = REDIS.admin(r -> r.pttl(LAYOUT.slabKey(orders, T - 1_000)));
        long indexTtl = REDIS.admin(r -> r.pttl(LAYOUT.slabIndexKey(orders)));

        // Redis counts a TTL down from when it was set: allow the test a second.
        assertThat(aheadTtl).isBetween(retention + 6 * SLAB - 1_000, retention + 6 * SLAB);
        assertThat(nowTtl).isBetween(retention + SLAB - 1_000, retention + SLAB);
        assertThat(indexTtl).as("index TTL, not shortened by the later write").isBetween(retention + 6 * SLAB - 1_000, retention + 6 * SLAB);
    }

    @Test
    void aMergedBucketIsStoredInTheShortestTextThatReadsBackExactly() {
        Series temperature = Series.of("temperature");
        redis.write(new FlushBatch("b-1", 0, 1_000, List.of(bucket(temperature, MetricType.GAUGE, T - 1_000, stats(T - 1_000, 0.3)))));
        redis.write(new FlushBatch("b-2", 0, 1_000, List.of(bucket(temperature, MetricType.GAUGE, T - 1_000, stats(T - 900, 0.4)))));

        String held = REDIS.admin(r -> r.hget(LAYOUT.slabKey(temperature, T - 1_000), Long.toString(T - 1_000)));

        assertThat(held).isEqualTo("gauge 2 0.7 0.3 0.4 0.4 " + (T - 900));
        assertThat(redis.read(temperature, Aggregate.SUM, NOW.minusSeconds(60), NOW)).hasValue(0.3 + 0.4);
    }

    @Test
    void theSlabIndexForgetsSlabsPastTheRetentionWhenANewSlabIsWritten() {
        MetricStore shortLived = stores.open("retention", "5m");
        Series orders = Series.of("orders");
        REDIS.admin(r -> r.zadd(LAYOUT.slabIndexKey(orders), T - 10 * SLAB, Long.toString(T - 10 * SLAB)));

        shortLived.write(new FlushBatch("b-1", 0, 1_000, List.of(bucket(orders, MetricType.COUNTER, T - 1_000, stats(T - 1_000, 1)))));

        List<String> slabStarts = REDIS.admin(r -> r.zrange(LAYOUT.slabIndexKey(orders), 0, -1));
        assertThat(slabStarts).containsExactly(Long.toString(T - SLAB));
    }
}
