package dev.hawkeye.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.GroupedValues;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesBucket;
import dev.hawkeye.api.metric.SeriesInfo;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.metric.Stats;
import dev.hawkeye.api.metric.TagMatcher;
import dev.hawkeye.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The memory store finds series by matchers and merges them per group, as one series holding all their points would read. */
class MemoryStoreGroupedReadTest {
    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
    private final ManualClock clock = new ManualClock(T0.plus(Duration.ofMinutes(10)));
    private final MemoryStore store = new MemoryStore(Duration.ofHours(1), clock);
    private final Instant from = T0;
    private final Instant to = T0.plus(Duration.ofMinutes(5));

    @Test
    void aMergeOfSeriesReadsAsOneSeriesHoldingAllTheirPoints() {
        MemoryStore single = new MemoryStore(Duration.ofHours(1), clock);
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            long at = T0.toEpochMilli() + i * 1000L;
            double value = random.nextInt(4000) / 4.0;  // exact in binary, so sums do not depend on their order
            Series host = Series.of("api.latency", Map.of("host", "web-" + (i % 3), "region", "eu"));
            write(store, new SeriesBucket(host, MetricType.HISTOGRAM, at, Stats.of(MetricType.HISTOGRAM, value, at)));
            write(single, new SeriesBucket(Series.of("api.latency"), MetricType.HISTOGRAM, at, Stats.of(MetricType.HISTOGRAM, value, at)));
        }
        SeriesSelector all = SeriesSelector.matching("api.latency", List.of());

        for (Aggregate aggregate : Aggregate.values()) {
            GroupedValues merged = store.readGrouped(all, List.of(), aggregate, from, to, 10);
            assertThat(merged.values()).as(aggregate.wireName())
                    .containsExactly(Map.entry(Map.of(), single.read(Series.of("api.latency"), aggregate, from, to)));
            assertThat(merged.series()).isEqualTo(3);
        }
    }

    @Test
    void groupsAreTheValuesOfTheGroupTagsAndASeriesWithoutOneIsInNone() {
        count(Map.of("host", "web-1", "region", "eu"), 1);
        count(Map.of("host", "web-2", "region", "eu"), 2);
        count(Map.of("host", "web-3", "region", "us"), 4);
        count(Map.of("host", "web-4"), 8);

        GroupedValues byRegion = store.readGrouped(SeriesSelector.matching("http.errors", List.of()), List.of("region"),
                Aggregate.COUNT, from, to, 10);

        assertThat(byRegion.values()).containsOnly(Map.entry(Map.of("region", "eu"), OptionalDouble.of(3)),
                Map.entry(Map.of("region", "us"), OptionalDouble.of(4)));
    }

    @Test
    void matchersSelectAndAnExactSelectorNamesOneSeries() {
        count(Map.of("host", "web-1", "stage", "canary"), 1);
        count(Map.of("host", "web-2"), 2);
        count(Map.of("host", "db-1"), 4);
        count(Map.of(), 8);

        assertThat(sum(List.of(TagMatcher.parse("host", "web-*")))).isEqualTo(3);
        assertThat(sum(List.of(TagMatcher.parse("stage", "!canary")))).as("a negation holds without the tag").isEqualTo(14);
        assertThat(sum(List.of(TagMatcher.parse("host", "*")))).isEqualTo(7);
        assertThat(sum(List.of(TagMatcher.anyOf("host", List.of("db-1", "web-2"))))).isEqualTo(6);
        assertThat(sum(List.of())).isEqualTo(15);
        assertThat(store.readGrouped(SeriesSelector.exactly(Series.of("http.errors")), List.of(), Aggregate.COUNT, from, to, 1)
                .values()).containsExactly(Map.entry(Map.of(), OptionalDouble.of(8)));
    }

    @Test
    void atMostMaxGroupsAreReadTheFirstByTheirValuesAndTheRestCounted() {
        for (int host = 1; host <= 5; host++) {
            count(Map.of("host", "web-" + host), host);
        }

        GroupedValues read = store.readGrouped(SeriesSelector.matching("http.errors", List.of()), List.of("host"), Aggregate.COUNT,
                from, to, 2);

        assertThat(read.values()).containsOnlyKeys(Map.of("host", "web-1"), Map.of("host", "web-2"));
        assertThat(read.groupsLeftOut()).isEqualTo(3);
    }

    @Test
    void onlySeriesWithDataInTheWindowAreListedAndGrouped() {
        count(Map.of("host", "web-1"), 1);
        write(store, new SeriesBucket(Series.of("http.errors", Map.of("host", "old")), MetricType.COUNTER,
                T0.minusSeconds(120).toEpochMilli(), Stats.of(5, T0.minusSeconds(120).toEpochMilli())));

        List<SeriesInfo> listed = store.series(SeriesSelector.matching(null, List.of()), from, to, 100);

        assertThat(listed).extracting(info -> info.series().toString() + " " + info.type() + " " + info.lastValue())
                .containsExactly("http.errors{host=web-1} COUNTER 1.0");
        assertThat(store.readGrouped(SeriesSelector.matching("http.errors", List.of()), List.of("host"), Aggregate.COUNT, from, to, 10)
                .values()).containsOnlyKeys(Map.of("host", "web-1"));
        assertThat(store.series(SeriesSelector.matching("other", List.of()), from, to, 100)).isEmpty();
    }

    @Test
    void aCountersLastValueIsItsLatestBucketsIncrementsAndAGaugesItsLastPoint() {
        long first = T0.plusSeconds(10).toEpochMilli();
        long second = T0.plusSeconds(20).toEpochMilli();
        write(store, new SeriesBucket(Series.of("http.errors"), MetricType.COUNTER, first, Stats.of(4, first)));
        write(store, new SeriesBucket(Series.of("http.errors"), MetricType.COUNTER, second, Stats.of(2, second).add(3, second + 1)));
        write(store, new SeriesBucket(Series.of("queue.depth"), MetricType.GAUGE, second, Stats.of(7, second).add(6, second + 1)));

        assertThat(store.series(SeriesSelector.matching(null, List.of()), from, to, 100))
                .extracting(info -> info.series() + " " + info.lastValue() + " " + info.lastPointAt().toEpochMilli())
                .containsExactlyInAnyOrder("http.errors 5.0 " + (second + 1), "queue.depth 6.0 " + (second + 1));
    }

    @Test
    void aSeriesPrunedPastTheRetentionLeavesTheIndex() {
        count(Map.of("host", "web-1"), 1);
        clock.set(T0.plus(Duration.ofHours(2)));
        store.write(new FlushBatch(UUID.randomUUID().toString(), clock.millis(), 1000, List.of()));

        assertThat(store.series(SeriesSelector.matching(null, List.of()), T0.minusSeconds(1), clock.instant(), 100)).isEmpty();
    }

    private double sum(List<TagMatcher> matchers) {
        return store.readGrouped(SeriesSelector.matching("http.errors", matchers), List.of(), Aggregate.SUM, from, to, 10)
                .values().getOrDefault(Map.of(), OptionalDouble.of(0)).getAsDouble();
    }

    private void count(Map<String, String> tags, double total) {
        long at = T0.plusSeconds(30).toEpochMilli();
        write(store, new SeriesBucket(Series.of("http.errors", tags), MetricType.COUNTER, at, Stats.of(total, at)));
    }

    private static void write(MemoryStore target, SeriesBucket... buckets) {
        target.write(new FlushBatch(UUID.randomUUID().toString(), buckets[0].bucketStartMillis(), 1000, new ArrayList<>(List.of(buckets))));
    }
}
