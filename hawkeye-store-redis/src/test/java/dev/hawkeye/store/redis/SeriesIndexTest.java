package dev.hawkeye.store.redis;

import static dev.hawkeye.store.redis.Fixtures.batch;
import static dev.hawkeye.store.redis.Fixtures.bucket;
import static dev.hawkeye.store.redis.Fixtures.stats;
import static dev.hawkeye.store.redis.Fixtures.storeConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesInfo;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.metric.TagMatcher;
import dev.hawkeye.api.store.MetricStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.resps.Tuple;

/**
 * The index of series the write keeps per metric, and the listing of series ({@code series}) it serves.
 */
class SeriesIndexTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.plain();

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final long T = NOW.toEpochMilli();
    private static final long SLAB = KeyLayout.SLAB_WIDTH_MILLIS;
    private static final SeriesSelector EVERY_SERIES = new SeriesSelector(null, List.of(), true);
    private static final Series WEB_1 = Series.of("api.requests", Map.of("host", "web-1"));
    private static final Series CART = Series.of("api.requests", Map.of("host", "web-2", "path", "/cart"));
    private static final Series UNTAGGED = Series.of("api.requests");
    private static final Series QUEUE = Series.of("queue.depth", Map.of("queue", "mail"));

    @RegisterExtension
    final OpenStores stores = new OpenStores(REDIS, Clock.fixed(NOW, ZoneOffset.UTC));

    private static Map<String, Double> scores(String key) {
        List<Tuple> entries = REDIS.admin(r -> r.zrangeWithScores(key, 0, -1));
        return entries.stream().collect(Collectors.toMap(Tuple::getElement, Tuple::getScore));
    }

    private static void counter(MetricStore store, String batch, Series series, long start, double... increments) {
        store.write(batch(batch, bucket(series, MetricType.COUNTER, start, stats(start, increments))));
    }

    @Test
    void aWriteIndexesEachSeriesByItsTagsUnderItsMetricScoredByItsLatestSlab() {
        MetricStore store = stores.open();
        store.write(batch("b-1",
                bucket(WEB_1, MetricType.COUNTER, T - 61_000, stats(T - 61_000, 1)),
                bucket(WEB_1, MetricType.COUNTER, T - 1_000, stats(T - 1_000, 1)),
                bucket(CART, MetricType.COUNTER, T - 61_000, stats(T - 61_000, 1)),
                bucket(UNTAGGED, MetricType.COUNTER, T - 1_000, stats(T - 1_000, 1)),
                bucket(QUEUE, MetricType.GAUGE, T - 61_000, stats(T - 61_000, 4))));
        counter(store, "b-2", WEB_1, T - 3 * SLAB, 1);  // a late write of an older slab lowers nothing

        assertThat(scores("hawkeye:index:api.requests")).containsOnly(
                Map.entry("host=web-1", (double) (T - SLAB)),
                Map.entry("host=web-2;path=%2Fcart", (double) (T - 2 * SLAB)),
                Map.entry("", (double) (T - SLAB)));
        assertThat(scores("hawkeye:index:queue.depth")).containsOnly(Map.entry("queue=mail", (double) (T - 2 * SLAB)));
        assertThat(scores("hawkeye:metrics")).containsOnly(
                Map.entry("api.requests", (double) (T - SLAB)), Map.entry("queue.depth", (double) (T - 2 * SLAB)));
    }

    @Test
    void aLostIndexOfSeriesIsRebuiltByTheSeriesNextSlab() {
        MetricStore store = stores.open();
        counter(store, "b-1", WEB_1, T - 70_000, 1);
        REDIS.admin(r -> r.del("hawkeye:index:api.requests"));

        // a series' entry goes with its first bucket of each slab only: the lost entry comes back in the next minute
        counter(store, "b-2", WEB_1, T - 65_000, 1);
        assertThat(scores("hawkeye:index:api.requests")).isEmpty();
        counter(store, "b-3", WEB_1, T - 1_000, 1);
        assertThat(scores("hawkeye:index:api.requests")).containsOnly(Map.entry("host=web-1", (double) (T - SLAB)));
    }

    @Test
    void seriesListsTheSelectedSeriesWithTheTypeAndLastPointOfTheirLatestBucket() {
        MetricStore store = stores.open();
        store.write(batch("b-1",
                bucket(WEB_1, MetricType.COUNTER, T - 3_000, stats(T - 3_000, 1, 1, 1, 1, 1)),
                bucket(WEB_1, MetricType.COUNTER, T - 2_000, stats(T - 2_000, 1, 2)),
                bucket(CART, MetricType.COUNTER, T - 70_000, stats(T - 70_000, 1)),
                bucket(QUEUE, MetricType.GAUGE, T - 2_000, stats(T - 2_000, 9, 7)),
                bucket(UNTAGGED, MetricType.HISTOGRAM, T - 5_000, stats(MetricType.HISTOGRAM, T - 5_000, 0.5, 0.25))));
        Instant from = NOW.minus(Duration.ofMinutes(5));

        // a counter's last value is the increments of its latest bucket; a gauge's and a histogram's their last point
        assertThat(store.series(SeriesSelector.matching("api.requests", List.of(TagMatcher.parse("host", "web-*"))), from, NOW, 10))
                .containsExactlyInAnyOrder(new SeriesInfo(WEB_1, MetricType.COUNTER, Instant.ofEpochMilli(T - 1_999), 3),
                        new SeriesInfo(CART, MetricType.COUNTER, Instant.ofEpochMilli(T - 70_000), 1));
        assertThat(store.series(EVERY_SERIES, from, NOW, 10)).containsExactlyInAnyOrder(
                new SeriesInfo(WEB_1, MetricType.COUNTER, Instant.ofEpochMilli(T - 1_999), 3),
                new SeriesInfo(CART, MetricType.COUNTER, Instant.ofEpochMilli(T - 70_000), 1),
                new SeriesInfo(QUEUE, MetricType.GAUGE, Instant.ofEpochMilli(T - 1_999), 7),
                new SeriesInfo(UNTAGGED, MetricType.HISTOGRAM, Instant.ofEpochMilli(T - 4_999), 0.25));
        assertThat(store.series(SeriesSelector.matching(null, List.of(TagMatcher.parse("queue", "*"))), from, NOW, 10))
                .extracting(SeriesInfo::series).containsExactly(QUEUE);
        assertThat(store.series(SeriesSelector.exactly(QUEUE), from, NOW, 10)).extracting(SeriesInfo::series).containsExactly(QUEUE);
    }

    @Test
    void aSeriesWithoutABucketInTheWindowIsNotListed() {
        MetricStore store = stores.open();
        counter(store, "b-1", WEB_1, T - 600_000, 1);
        counter(store, "b-2", CART, T - 1_000, 1);
        counter(store, "b-3", CART, T - 630_000, 1);

        assertThat(store.series(EVERY_SERIES, NOW.minus(Duration.ofMinutes(5)), NOW, 10)).extracting(SeriesInfo::series)
                .containsExactly(CART);
        // CART's latest slab is after this window, but it has a bucket in it too, its latest one there
        assertThat(store.series(EVERY_SERIES, Instant.ofEpochMilli(T - 660_000), Instant.ofEpochMilli(T - 599_000), 10))
                .containsExactlyInAnyOrder(new SeriesInfo(WEB_1, MetricType.COUNTER, Instant.ofEpochMilli(T - 600_000), 1),
                        new SeriesInfo(CART, MetricType.COUNTER, Instant.ofEpochMilli(T - 630_000), 1));
        assertThat(store.series(EVERY_SERIES, Instant.ofEpochMilli(T - 599_000), Instant.ofEpochMilli(T - 2_000), 10)).isEmpty();
    }

    @Test
    void theLimitBoundsTheListing() {
        MetricStore store = stores.open();
        for (int i = 0; i < 5; i++) {
            counter(store, "b-" + i, Series.of("jobs", Map.of("worker", "w" + i)), T - 1_000, 1);
        }
        Instant from = NOW.minusSeconds(60);

        assertThat(store.series(SeriesSelector.matching("jobs", List.of()), from, NOW, 2)).hasSize(2);
        assertThat(store.series(SeriesSelector.matching("jobs", List.of()), from, NOW, 5)).hasSize(5);
        assertThat(store.series(SeriesSelector.matching("jobs", List.of()), from, NOW, 0)).isEmpty();
    }

    @Test
    void seriesNotWrittenForTheRetentionLeaveTheIndexesAndTheIndexesExpireWithTheData() {
        Instant earlier = NOW.minus(Duration.ofMinutes(10));
        try (MetricStore then = new RedisStoreFactory(Clock.fixed(earlier, ZoneOffset.UTC))
                .create(storeConfig(REDIS.url(), "retention", "2m"))) {
            counter(then, "b-1", WEB_1, earlier.toEpochMilli() - 1_000, 1);
            counter(then, "b-2", QUEUE, earlier.toEpochMilli() - 1_000, 1);
        }
        MetricStore store = stores.open("retention", "2m");

        counter(store, "b-3", CART, T - 1_000, 1);

        assertThat(scores("hawkeye:index:api.requests")).containsOnlyKeys("host=web-2;path=%2Fcart");
        assertThat(scores("hawkeye:metrics")).containsOnlyKeys("api.requests");
        assertThat(store.series(EVERY_SERIES, NOW.minus(Duration.ofMinutes(2)), NOW, 10)).extracting(SeriesInfo::series)
                .containsExactly(CART);
        for (String key : List.of("hawkeye:index:api.requests", "hawkeye:index:queue.depth", "hawkeye:metrics")) {
            long ttl = REDIS.admin(r -> r.pttl(key));
            assertThat(ttl).as("TTL of %s", key).isBetween(1L, Duration.ofMinutes(2).toMillis() + SLAB);
        }
    }
}
