package dev.hawkeye.store.redis;

import static dev.hawkeye.store.redis.Fixtures.batch;
import static dev.hawkeye.store.redis.Fixtures.bucket;
import static dev.hawkeye.store.redis.Fixtures.stats;
import static dev.hawkeye.store.redis.Fixtures.storeConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.Stats;
import dev.hawkeye.api.store.AlertState;
import dev.hawkeye.api.store.AlertStatus;
import dev.hawkeye.api.store.Fence;
import dev.hawkeye.api.store.MetricStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RedisMetricStoreTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.plain();
    /** Only to compute slots: a redis-server without cluster support refuses CLUSTER KEYSLOT. */
    @RegisterExtension
    static final RedisServerExtension CLUSTER_NODE = RedisServerExtension.clusterNode();

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final long T = NOW.toEpochMilli();
    private static final Series SERIES = Series.of("api.requests", Map.of("host", "web-1"));

    @RegisterExtension
    final OpenStores stores = new OpenStores(REDIS, Clock.fixed(NOW, ZoneOffset.UTC));

    private static Instant at(long millis) {
        return Instant.ofEpochMilli(millis);
    }

    @ParameterizedTest
    @EnumSource(MetricType.class)
    void everyAggregateOfAWindowIsWhatStatsMergeAndAggregateOfGive(MetricType type) {
        MetricStore store = stores.open();
        Stats first = stats(type, T - 9_000, 0.1, 0.2, 7.5, 0);
        Stats second = stats(type, T - 5_000, -3.25, 0.7);
        Stats third = stats(type, T - 1_000, 2);
        store.write(batch("b-1",
                bucket(SERIES, type, T - 11_000, stats(type, T - 11_000, 1000)),   // before the window
                bucket(SERIES, type, T - 9_000, first),
                bucket(SERIES, type, T - 5_000, second),
                bucket(SERIES, type, T - 1_000, third),
                bucket(SERIES, type, T, stats(type, T, 1000))));                  // at its end: excluded
        Stats window = first.merge(second).merge(third);
        Duration length = Duration.ofSeconds(10);

        for (Aggregate aggregate : Aggregate.values()) {
            assertThat(store.read(SERIES, aggregate, at(T - 10_000), NOW))
                    .as("%s of a %s", aggregate, type)
                    .isEqualTo(aggregate.of(type, window, length));
        }
        assertThat(store.read(SERIES, Aggregate.P99, at(T - 10_000), NOW).isPresent()).isEqualTo(type == MetricType.HISTOGRAM);
    }

    @Test
    void aCounterCountsTheIncrementsAndAGaugeKeepsItsLastValue() {
        MetricStore store = stores.open();
        Series errors = Series.of("api.errors");
        Series temperature = Series.of("room.temperature");
        store.write(batch("b-1",
                bucket(errors, MetricType.COUNTER, T - 2_000, stats(T - 2_000, 1, 1, 1)),
                bucket(errors, MetricType.COUNTER, T - 1_000, stats(T - 1_000, 5)),
                bucket(temperature, MetricType.GAUGE, T - 2_000, stats(T - 2_000, 21.5, 22)),
                bucket(temperature, MetricType.GAUGE, T - 1_000, stats(T - 1_000, 20))));

        assertThat(store.read(errors, Aggregate.COUNT, at(T - 60_000), NOW)).hasValue(8);
        assertThat(store.read(errors, Aggregate.RATE, at(T - 4_000), NOW)).hasValue(2);
        assertThat(store.read(temperature, Aggregate.LAST, at(T - 60_000), NOW)).hasValue(20);
        assertThat(store.read(temperature, Aggregate.COUNT, at(T - 60_000), NOW)).hasValue(3);
        assertThat(store.read(temperature, Aggregate.MAX, at(T - 60_000), NOW)).hasValue(22);
    }

    @Test
    void aWindowWithoutPointsCountsZeroAndHasNoOtherValue() {
        MetricStore store = stores.open();

        assertThat(store.read(SERIES, Aggregate.COUNT, at(T - 60_000), NOW)).hasValue(0);
        assertThat(store.read(SERIES, Aggregate.RATE, at(T - 60_000), NOW)).hasValue(0);
        assertThat(store.read(SERIES, Aggregate.AVG, at(T - 60_000), NOW)).isEmpty();
        assertThat(store.read(SERIES, Aggregate.LAST, at(T - 60_000), NOW)).isEmpty();
    }

    @Test
    void aBucketWrittenInTwoBatchesMergesLikeStatsMerge() {
        MetricStore store = stores.open();
        Stats a = new Stats(3, 0.1 + 0.2 + 4, -1.5, 4, 4, T - 500);
        Stats b = new Stats(2, 0.7, 0.3, 0.4, 0.3, T - 800);
        store.write(batch("b-1", bucket(SERIES, MetricType.HISTOGRAM, T - 1_000, a)));
        store.write(batch("b-2", bucket(SERIES, MetricType.HISTOGRAM, T - 1_000, b)));
        Stats merged = a.merge(b);

        String held = REDIS.admin(r -> r.hget("hawkeye:{api.requests;host=web-1}:s:" + (T - 60_000), Long.toString(T - 1_000)));
        // one field of the slab: type count sum min max last lastTs
        String[] words = held.split(" ");
        assertThat(words[0]).isEqualTo("histogram");
        assertThat(Arrays.stream(words, 1, words.length).mapToDouble(Double::parseDouble).toArray())
                .containsExactly(5, merged.sum(), -1.5, 4, 4, T - 500);
        assertThat(store.read(SERIES, Aggregate.SUM, at(T - 1_000), NOW)).hasValue(merged.sum());
        assertThat(store.read(SERIES, Aggregate.COUNT, at(T - 1_000), NOW)).hasValue(5);
        assertThat(store.read(SERIES, Aggregate.MIN, at(T - 1_000), NOW)).hasValue(-1.5);
        assertThat(store.read(SERIES, Aggregate.MAX, at(T - 1_000), NOW)).hasValue(4);
        assertThat(store.read(SERIES, Aggregate.LAST, at(T - 1_000), NOW)).hasValue(4);
    }

    @Test
    void onATimestampTieTheLargerLastValueWinsInEitherOrder() {
        MetricStore store = stores.open();
        Series one = Series.of("tie.one");
        Series other = Series.of("tie.other");
        Stats larger = Stats.of(5, T - 100);
        Stats smaller = Stats.of(3, T - 100);
        store.write(batch("b-1", bucket(one, MetricType.GAUGE, T - 1_000, larger),
                bucket(other, MetricType.GAUGE, T - 1_000, smaller)));
        store.write(batch("b-2", bucket(one, MetricType.GAUGE, T - 1_000, smaller),
                bucket(other, MetricType.GAUGE, T - 1_000, larger)));

        assertThat(store.read(one, Aggregate.LAST, at(T - 1_000), NOW)).hasValue(5);
        assertThat(store.read(other, Aggregate.LAST, at(T - 1_000), NOW)).hasValue(5);
    }

    @Test
    void theSameBatchWrittenTwiceIsAppliedOnce() {
        MetricStore store = stores.open();
        var retried = batch("b-7", bucket(SERIES, MetricType.COUNTER, T - 1_000, stats(T - 1_000, 1, 1)));

        store.write(retried);
        store.write(retried);

        assertThat(store.read(SERIES, Aggregate.COUNT, at(T - 1_000), NOW)).hasValue(2);
        boolean marked = REDIS.admin(r -> r.hexists("hawkeye:batch:b-7", "0"));
        assertThat(marked).isTrue();
    }

    @Test
    void everyKeyLivesNoLongerThanTheRetentionAndOneSlab() {
        MetricStore store = stores.open("retention", "1h");
        store.write(batch("b-1", bucket(SERIES, MetricType.COUNTER, T - 1_000, stats(T - 1_000, 1))));

        Set<String> keys = REDIS.admin(r -> r.keys("*"));

        assertThat(keys).containsExactlyInAnyOrder("hawkeye:batch:b-1",
                "hawkeye:{api.requests;host=web-1}:s:" + (T - 60_000), "hawkeye:{api.requests;host=web-1}:slabs",
                "hawkeye:index:api.requests", "hawkeye:metrics");
        for (String key : keys) {
            long ttl = REDIS.admin(r -> r.ttl(key));
            assertThat(ttl).as("TTL of %s", key).isBetween(1L, 3600L + KeyLayout.SLAB_WIDTH_MILLIS / 1000);
        }
    }

    @Test
    void bucketsOlderThanTheRetentionAreNotKept() {
        MetricStore store = stores.open("retention", "1h");
        long old = T - Duration.ofHours(2).toMillis();
        store.write(batch("b-1", bucket(SERIES, MetricType.COUNTER, old, stats(old, 1)),
                bucket(SERIES, MetricType.COUNTER, T - 1_000, stats(T - 1_000, 1))));

        boolean kept = REDIS.admin(r -> r.exists("hawkeye:{api.requests;host=web-1}:s:" + KeyLayout.slabStart(old)));
        assertThat(kept).isFalse();
        assertThat(store.read(SERIES, Aggregate.COUNT, at(old), at(old + 1_000))).hasValue(0);
        assertThat(store.read(SERIES, Aggregate.COUNT, at(T - 1_000), NOW)).hasValue(1);
    }

    @Test
    void twoStoresWritingTheSameSeriesIntoOneRedisAddUp() throws Exception {
        MetricStore serverA = stores.open();
        MetricStore serverB = stores.open();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (MetricStore server : List.of(serverA, serverB)) {
                String name = server == serverA ? "a" : "b";
                writes.add(threads.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        server.write(batch(name + "-" + i,
                                bucket(SERIES, MetricType.COUNTER, T - 1_000 * (i % 5 + 1), stats(T - 1_000, 1, 1))));
                    }
                }));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            threads.shutdown();
        }

        assertThat(serverA.read(SERIES, Aggregate.COUNT, at(T - 10_000), NOW)).hasValue(200);
        assertThat(serverB.read(SERIES, Aggregate.COUNT, at(T - 1_000), NOW)).hasValue(40);
    }

    @Test
    void allKeysOfASeriesShareOneClusterSlot() {
        MetricStore store = stores.open();
        Series tagged = Series.of("checkout.latency", Map.of("path", "/cart/{id}", "region", "eu west"));
        Series longOne = Series.of("checkout.latency", Map.of("path", "x".repeat(190)));
        for (Series series : List.of(tagged, longOne)) {
            store.write(batch("b-" + series.hashCode(),
                    bucket(series, MetricType.HISTOGRAM, T - 3_000, stats(MetricType.HISTOGRAM, T - 3_000, 1)),
                    bucket(series, MetricType.HISTOGRAM, T - 2_000, stats(MetricType.HISTOGRAM, T - 2_000, 2)),
                    bucket(series, MetricType.HISTOGRAM, T - 1_000, stats(MetricType.HISTOGRAM, T - 1_000, 3))));
        }
        KeyLayout layout = new KeyLayout("hawkeye:");

        for (Series series : List.of(tagged, longOne)) {
            String tag = "{" + SeriesId.of(series) + "}";
            Set<String> keys = REDIS.admin(r -> r.keys("hawkeye:" + tag.replace("{", "\\{").replace("}", "\\}") + ":*"));
            Set<Long> slots = new TreeSet<>();
            keys.forEach(key -> slots.add(CLUSTER_NODE.admin(r -> r.clusterKeySlot(key))));

            // the slab of the three buckets, their three sketches, the rollup sketch they all start in, and the slab index
            assertThat(keys).hasSize(6).contains(layout.slabIndexKey(series), layout.slabKey(series, T - 2_000),
                    layout.sketchKey(series, T - 2_000), layout.rollupSketchKey(series, T - 60_000));
            assertThat(slots).as("slots of %s", keys).hasSize(1);
            assertThat(store.read(series, Aggregate.SUM, at(T - 10_000), NOW)).hasValue(6);
        }
    }

    @Test
    void aWindowLongerThanTheRetentionIsRefused() {
        MetricStore store = stores.open("retention", "1h");

        assertThatThrownBy(() -> store.read(SERIES, Aggregate.COUNT, NOW.minus(Duration.ofMinutes(61)), NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window of 61m")
                .hasMessageContaining("retention of 1h");
        assertThat(store.read(SERIES, Aggregate.COUNT, NOW.minus(Duration.ofHours(1)), NOW)).hasValue(0);
    }

    @Test
    void aWindowEndingBeforeItStartsIsRefused() {
        MetricStore store = stores.open();

        assertThatThrownBy(() -> store.read(SERIES, Aggregate.COUNT, NOW, NOW.minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not end before it starts");
    }

    @Test
    void alertStatesRoundTripAndOutliveTheStoreThatSavedThem() {
        AlertState firing = new AlertState("api errors", AlertStatus.FIRING, "critical", 97.5,
                Instant.parse("2025-06-01T11:58:00Z"), Instant.parse("2025-06-01T11:58:00.250Z"), 4, 2);
        AlertState quiet = AlertState.initial("disk|full", NOW);
        try (MetricStore agent = new RedisStoreFactory(Clock.fixed(NOW, ZoneOffset.UTC)).create(storeConfig(REDIS.url()))) {
            agent.alerts().orElseThrow().save(firing, List.of(), Fence.NONE);
            agent.alerts().orElseThrow().save(quiet, List.of(), Fence.NONE);
        }

        MetricStore restarted = stores.open();

        assertThat(restarted.alerts().orElseThrow().loadState("api errors")).contains(firing);
        assertThat(restarted.alerts().orElseThrow().loadState("disk|full")).contains(quiet);
        assertThat(restarted.alerts().orElseThrow().loadState("never saved")).isEmpty();
        assertThat(restarted.alerts().orElseThrow().loadStates()).containsExactly(Map.entry("api errors", firing), Map.entry("disk|full", quiet));
        String stored = REDIS.admin(r -> r.hget("hawkeye:alerts", "api errors"));
        assertThat(stored).isEqualTo("1|FIRING|97.5|2025-06-01T11:58:00Z|2025-06-01T11:58:00.250Z|4|2|=critical");
    }

    @Test
    void savingAnAlertStateReplacesThePreviousOne() {
        MetricStore store = stores.open();
        AlertState pending = new AlertState("m", AlertStatus.PENDING, "warning", 3, NOW, null, 0, 0);
        AlertState firing = new AlertState("m", AlertStatus.FIRING, "warning", 4, NOW.plusSeconds(60), NOW.plusSeconds(60), 1, 1);

        store.alerts().orElseThrow().save(pending, List.of(), Fence.NONE);
        store.alerts().orElseThrow().save(firing, List.of(), Fence.NONE);

        assertThat(store.alerts().orElseThrow().loadStates()).containsExactly(Map.entry("m", firing));
    }

    @Test
    void anUnreadableAlertStateIsAStoreErrorNamingTheMonitor() {
        MetricStore store = stores.open();
        REDIS.admin(r -> r.hset("hawkeye:alerts", "m", "garbage"));

        assertThatThrownBy(() -> store.alerts().orElseThrow().loadState("m"))
                .isInstanceOf(dev.hawkeye.api.store.StoreException.class)
                .hasMessageContaining("monitor m")
                .hasMessageContaining("hawkeye:alerts");
    }

    @Test
    void theKeyPrefixIsConfigurable() {
        MetricStore store = stores.open("key_prefix", "team-a:hk:");
        store.write(batch("b-1", bucket(SERIES, MetricType.COUNTER, T - 1_000, stats(T - 1_000, 1))));
        store.alerts().orElseThrow().save(AlertState.initial("m", NOW), List.of(), Fence.NONE);

        Set<String> keys = REDIS.admin(r -> r.keys("*"));
        assertThat(keys).allSatisfy(key -> assertThat(key).startsWith("team-a:hk:"));
        assertThat(store.read(SERIES, Aggregate.COUNT, at(T - 1_000), NOW)).isEqualTo(OptionalDouble.of(1));
    }

    @Test
    void describeNamesTheUrlAndSettings() {
        assertThat(stores.open("retention", "2h").describe()).isEqualTo("redis redis://127.0.0.1:" + REDIS.port()
                + "/0 (key prefix hawkeye:, retention 2h, pool 8, timeout 2s, write chunk 1000, histogram sketches per bucket for 1h then per 1m)");
        assertThat(stores.open("retention", "2h", "sketch_detail", "2h").describe())
                .isEqualTo("redis redis://127.0.0.1:" + REDIS.port() + "/0 (key prefix hawkeye:, retention 2h, pool 8, timeout 2s, write chunk 1000)");
    }
}
