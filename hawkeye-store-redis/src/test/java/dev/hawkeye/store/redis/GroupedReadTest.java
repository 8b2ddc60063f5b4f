package dev.hawkeye.store.redis;

import static dev.hawkeye.store.redis.Fixtures.batch;
import static dev.hawkeye.store.redis.Fixtures.bucket;
import static dev.hawkeye.store.redis.Fixtures.stats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.GroupedValues;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesBucket;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.metric.Stats;
import dev.hawkeye.api.metric.TagMatcher;
import dev.hawkeye.api.store.MetricStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Grouped reads: the series a selector selects, merged per group as if one series held all their
 * points, in two round trips whatever their number.
 */
class GroupedReadTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.plain();

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final long T = NOW.toEpochMilli();
    private static final Instant MINUTE_AGO = NOW.minusSeconds(60);
    private static final String KEY = "api.requests";
    private static final Series WEB_1 = Series.of(KEY, Map.of("host", "web-1", "region", "eu"));
    private static final Series WEB_2 = Series.of(KEY, Map.of("host", "web-2", "region", "eu", "stage", "canary"));
    private static final Series DB_1 = Series.of(KEY, Map.of("host", "db-1", "region", "us"));
    private static final Series BARE = Series.of(KEY);

    @RegisterExtension
    final OpenStores stores = new OpenStores(REDIS, Clock.fixed(NOW, ZoneOffset.UTC));
    private final MetricStore store = stores.open();

    /** WEB_1, WEB_2, DB_1 and BARE counting 1, 2, 4 and 8 in the last minute: a total tells which were merged. */
    private void writeFourCounters() {
        store.write(batch("b-1",
                bucket(WEB_1, MetricType.COUNTER, T - 5_000, stats(T - 5_000, 1)),
                bucket(WEB_2, MetricType.COUNTER, T - 5_000, stats(T - 5_000, 2)),
                bucket(DB_1, MetricType.COUNTER, T - 4_000, stats(T - 4_000, 1, 3)),
                bucket(BARE, MetricType.COUNTER, T - 3_000, stats(T - 3_000, 8))));
    }

    private GroupedValues count(SeriesSelector selector, List<String> groupBy, int maxGroups) {
        return store.readGrouped(selector, groupBy, Aggregate.COUNT, MINUTE_AGO, NOW, maxGroups);
    }

    private OptionalDouble countOf(TagMatcher... matchers) {
        return count(SeriesSelector.matching(KEY, List.of(matchers)), List.of(), 10).values().get(Map.of());
    }

    @Test
    void matchersSelectByExactValueListGlobNegationAndPresence() {
        writeFourCounters();

        assertThat(countOf(TagMatcher.equalTo("host", "web-1"))).as("other tags allowed").hasValue(1);
        assertThat(countOf(TagMatcher.anyOf("host", List.of("web-1", "db-1")))).hasValue(5);
        assertThat(countOf(TagMatcher.parse("host", "web-*"))).hasValue(3);
        assertThat(countOf(TagMatcher.parse("stage", "!canary"))).as("a series without the tag passes a negation").hasValue(13);
        assertThat(countOf(TagMatcher.parse("stage", "*"))).as("present").hasValue(2);
        assertThat(countOf(TagMatcher.parse("region", "eu"), TagMatcher.parse("host", "!web-2"))).hasValue(1);
        assertThat(countOf()).hasValue(15);
        assertThat(count(SeriesSelector.matching(KEY, List.of(TagMatcher.parse("host", "nowhere"))), List.of(), 10))
                .isEqualTo(GroupedValues.NONE);
        assertThat(count(SeriesSelector.matching("no.such.metric", List.of()), List.of(), 10)).isEqualTo(GroupedValues.NONE);
    }

    @Test
    void anExactSelectorNamesOneSeriesAndIsReadWithoutTheIndex() {
        writeFourCounters();
        REDIS.admin(r -> r.del("hawkeye:index:" + KEY, "hawkeye:metrics"));

        assertThat(count(SeriesSelector.exactly(WEB_1), List.of(), 10))
                .isEqualTo(new GroupedValues(Map.of(Map.of(), OptionalDouble.of(1)), 1, 0));
        assertThat(count(SeriesSelector.exactly(WEB_1), List.of("region"), 10))
                .isEqualTo(new GroupedValues(Map.of(Map.of("region", "eu"), OptionalDouble.of(1)), 1, 0));
        assertThat(count(SeriesSelector.exactly(BARE), List.of(), 10).values()).containsExactly(Map.entry(Map.of(), OptionalDouble.of(8)));
        assertThat(count(SeriesSelector.exactly(Series.of(KEY, Map.of("host", "web-1"))), List.of(), 10))
                .as("WEB_1 has a tag more").isEqualTo(GroupedValues.NONE);
        assertThat(count(SeriesSelector.exactly(WEB_1), List.of(), 0)).isEqualTo(new GroupedValues(Map.of(), 0, 1));
        assertThat(count(SeriesSelector.matching(KEY, List.of()), List.of(), 10)).as("the index is gone").isEqualTo(GroupedValues.NONE);
    }

    @ParameterizedTest
    @EnumSource(MetricType.class)
    void everyAggregateOfTheMergeIsWhatOneSeriesHoldingAllThePointsGives(MetricType type) {
        List<Series> shards = List.of(Series.of("checkout.latency", Map.of("shard", "1")),
                Series.of("checkout.latency", Map.of("shard", "2")), Series.of("checkout.latency", Map.of("shard", "3")));
        Series combined = Series.of("checkout.all");
        Random random = new Random(20261207);
        List<SeriesBucket> buckets = new ArrayList<>();
        Map<Long, Stats> merged = new HashMap<>();
        // 4 minutes of 1-second buckets, each shard holding some; values in quarters, so every sum is exact
        for (long start = T - 240_000; start < T; start += 1_000) {
            for (Series shard : shards) {
                if (random.nextInt(3) > 0) {
                    double[] values = new double[1 + random.nextInt(3)];
                    for (int v = 0; v < values.length; v++) {
                        values[v] = Math.round(random.nextGaussian() * 400) / 4.0;
                    }
                    Stats stats = stats(type, start + random.nextInt(2), values);
                    buckets.add(bucket(shard, type, start, stats));
                    merged.merge(start, stats, Stats::merge);
                }
            }
        }
        merged.forEach((start, stats) -> buckets.add(bucket(combined, type, start, stats)));
        store.write(new FlushBatch("b-1", 0, 1_000, buckets));
        SeriesSelector allShards = SeriesSelector.matching("checkout.latency", List.of());

        // a window cutting a slab, with whole slabs too; read twice: once merging buckets, then the slabs' summaries
        for (Instant from : List.of(Instant.ofEpochMilli(T - 200_500), Instant.ofEpochMilli(T - 200_500), NOW.minusSeconds(30))) {
            for (Aggregate aggregate : Aggregate.values()) {
                GroupedValues grouped = store.readGrouped(allShards, List.of(), aggregate, from, NOW, 10);
                assertThat(grouped.values()).as("%s of %s from %s", aggregate, type, from)
                        .containsExactly(Map.entry(Map.of(), store.read(combined, aggregate, from, NOW)));
                assertThat(grouped.series()).isEqualTo(3);
            }
        }
        assertThat(store.readGrouped(allShards, List.of(), Aggregate.P99, NOW.minusSeconds(60), NOW, 10).values().get(Map.of())
                .isPresent()).isEqualTo(type == MetricType.HISTOGRAM);
    }

    @Test
    void groupByMergesTheSeriesSharingTheGroupTagsValuesAndLeavesOutThoseWithoutThem() {
        writeFourCounters();
        SeriesSelector every = SeriesSelector.matching(KEY, List.of());

        assertThat(count(every, List.of("region"), 10))
                .isEqualTo(new GroupedValues(Map.of(Map.of("region", "eu"), OptionalDouble.of(3), Map.of("region", "us"), OptionalDouble.of(4)),
                        3, 0));
        assertThat(count(every, List.of("region", "stage"), 10))
                .isEqualTo(new GroupedValues(Map.of(Map.of("region", "eu", "stage", "canary"), OptionalDouble.of(2)), 1, 0));
        assertThat(count(every, List.of("zone"), 10)).isEqualTo(GroupedValues.NONE);
    }

    @Test
    void atMostMaxGroupsAreReadTheFirstInTheOrderOfTheirValuesAndTheRestCounted() {
        List<SeriesBucket> buckets = new ArrayList<>();
        for (int r = 0; r < 5; r++) {
            for (int h = 0; h < 2; h++) {
                buckets.add(bucket(Series.of(KEY, Map.of("region", "r" + r, "host", "h" + h)), MetricType.COUNTER, T - 1_000,
                        stats(T - 1_000, r + 1)));
            }
        }
        store.write(new FlushBatch("b-1", 0, 1_000, buckets));

        assertThat(count(SeriesSelector.matching(KEY, List.of()), List.of("region"), 2))
                .isEqualTo(new GroupedValues(Map.of(Map.of("region", "r0"), OptionalDouble.of(2), Map.of("region", "r1"), OptionalDouble.of(4)),
                        4, 3));
        assertThat(count(SeriesSelector.matching(KEY, List.of()), List.of("region"), 0)).isEqualTo(new GroupedValues(Map.of(), 0, 5));
    }

    @Test
    void aGroupTakesTheTypeOfItsLatestPointAndLeavesOutItsSeriesOfAnotherType() {
        Series oldCounter = Series.of(KEY, Map.of("group", "a", "host", "1"));
        Series newGauge = Series.of(KEY, Map.of("group", "a", "host", "2"));
        Series newCounter = Series.of(KEY, Map.of("group", "b", "host", "3"));
        Series oldGauge = Series.of(KEY, Map.of("group", "b", "host", "4"));
        store.write(batch("b-1",
                bucket(oldCounter, MetricType.COUNTER, T - 5_000, stats(T - 5_000, 100)),
                bucket(newGauge, MetricType.GAUGE, T - 2_000, stats(T - 2_000, 7, 7)),
                bucket(newCounter, MetricType.COUNTER, T - 2_000, stats(T - 2_000, 5)),
                bucket(oldGauge, MetricType.GAUGE, T - 5_000, stats(T - 5_000, 1, 1, 1))));

        assertThat(count(SeriesSelector.matching(KEY, List.of()), List.of("group"), 10))
                .isEqualTo(new GroupedValues(Map.of(Map.of("group", "a"), OptionalDouble.of(2), Map.of("group", "b"), OptionalDouble.of(5)),
                        2, 0));
    }

    @Test
    void aSelectionOfMoreSeriesThanOneScriptMergesIsReadInSeveralCallsAndMergedAlike() {
        int perGroup = RedisMetricStore.GROUPED_SERIES_PER_SCRIPT + 50;
        List<SeriesBucket> buckets = new ArrayList<>();
        double[] expected = new double[2];
        for (int g = 0; g < 2; g++) {
            for (int i = 0; i < perGroup; i++) {
                buckets.add(bucket(Series.of(KEY, Map.of("group", "g" + g, "host", "h" + i)), MetricType.GAUGE, T - 1_000,
                        stats(T - 1_000 + i % 7, i, i + 1)));
                expected[g] = Math.max(expected[g], i + 1);
            }
        }
        store.write(new FlushBatch("b-1", 0, 1_000, buckets));

        GroupedValues max = store.readGrouped(SeriesSelector.matching(KEY, List.of()), List.of("group"), Aggregate.MAX, MINUTE_AGO, NOW, 10);
        GroupedValues counted = store.readGrouped(SeriesSelector.matching(KEY, List.of()), List.of(), Aggregate.COUNT, MINUTE_AGO, NOW, 10);

        assertThat(max).isEqualTo(new GroupedValues(Map.of(Map.of("group", "g0"), OptionalDouble.of(expected[0]),
                Map.of("group", "g1"), OptionalDouble.of(expected[1])), 2 * perGroup, 0));
        assertThat(counted.values()).containsExactly(Map.entry(Map.of(), OptionalDouble.of(4.0 * perGroup)));
    }

    @Test
    void aCallOutOfBudgetLeavesTheRestOfItsSeriesToTheNextAndTheMergeIsTheSame() {
        List<SeriesBucket> buckets = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            buckets.add(bucket(Series.of(KEY, Map.of("group", "g" + i % 2, "host", "h" + i)), MetricType.COUNTER, T - 1_000,
                    stats(T - 1_000, i)));
        }
        store.write(new FlushBatch("b-1", 0, 1_000, buckets));
        SeriesSelector all = SeriesSelector.matching(KEY, List.of());
        GroupedValues unhurried = store.readGrouped(all, List.of("group"), Aggregate.SUM, MINUTE_AGO, NOW, 10);
        ((RedisMetricStore) store).scriptBudget(Duration.ZERO);
        long callsBefore = scriptsRun();

        GroupedValues hurried = store.readGrouped(all, List.of("group"), Aggregate.SUM, MINUTE_AGO, NOW, 10);

        // With no budget each call merges one series.
        assertThat(scriptsRun() - callsBefore).isEqualTo(40);
        assertThat(hurried).isEqualTo(unhurried)
                .isEqualTo(new GroupedValues(Map.of(Map.of("group", "g0"), OptionalDouble.of(380), Map.of("group", "g1"), OptionalDouble.of(400)),
                        40, 0));
    }

    @Test
    void aWindowLongerThanTheRetentionOrEndingBeforeItStartsIsRefused() {
        MetricStore short1 = stores.open("retention", "1h");
        SeriesSelector every = SeriesSelector.matching(KEY, List.of());

        assertThatThrownBy(() -> short1.readGrouped(every, List.of(), Aggregate.COUNT, NOW.minus(Duration.ofMinutes(61)), NOW, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention of 1h");
        assertThatThrownBy(() -> short1.series(every, NOW, NOW.minusSeconds(1), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not end before it starts");
    }

    /** How many scripts Redis has run by SHA-1: here, the read calls. */
    private static long scriptsRun() {
        Matcher calls = Pattern.compile("cmdstat_evalsha:calls=(\\d+)").matcher(REDIS.admin(r -> r.info("commandstats")));
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }
}
