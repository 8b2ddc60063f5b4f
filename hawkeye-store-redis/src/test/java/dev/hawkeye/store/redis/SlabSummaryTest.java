package dev.hawkeye.store.redis;

import static dev.hawkeye.store.redis.Fixtures.batch;
import static dev.hawkeye.store.redis.Fixtures.bucket;
import static dev.hawkeye.store.redis.Fixtures.stats;
import static dev.hawkeye.store.redis.Fixtures.storeConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesBucket;
import dev.hawkeye.api.metric.Stats;
import dev.hawkeye.api.store.MetricStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The summary a read keeps in a slab it merged whole: taken instead of the buckets while it holds,
 * and never giving another answer than the buckets would.
 */
class SlabSummaryTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.plain();

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final long T = NOW.toEpochMilli();
    private static final long SLAB_START = T - 120_000;
    private static final Series ORDERS = Series.of("orders");
    private static final String SLAB = new KeyLayout("hawkeye:").slabKey(ORDERS, SLAB_START);
    private static final Instant FROM = Instant.ofEpochMilli(T - 150_000);

    @RegisterExtension
    final OpenStores stores = new OpenStores(REDIS, Clock.fixed(NOW, ZoneOffset.UTC));
    private final MetricStore store = stores.open();

    /** 60 buckets of one point of {@code value} each in the slab of two minutes ago. */
    private void writeWholeSlab(MetricType type, double value) {
        List<SeriesBucket> buckets = new ArrayList<>();
        for (long start = SLAB_START; start < SLAB_START + KeyLayout.SLAB_WIDTH_MILLIS; start += 1_000) {
            buckets.add(bucket(ORDERS, type, start, stats(type, start, value)));
        }
        store.write(new FlushBatch("b-slab", 0, 1_000, buckets));
    }

    private static String summary() {
        return REDIS.admin(r -> r.hget(SLAB, KeyLayout.SLAB_SUMMARY_FIELD));
    }

    private double count() {
        return store.read(ORDERS, Aggregate.COUNT, FROM, NOW).orElseThrow();
    }

    @Test
    void aReadKeepsTheSummaryOfAnEndedSlabWhollyInItsWindowAndALaterReadTakesIt() {
        writeWholeSlab(MetricType.COUNTER, 1);

        assertThat(count()).isEqualTo(60);
        assertThat(summary()).isEqualTo("60 1 counter 60 60 1 1 1 " + (SLAB_START + 59_000));

        REDIS.admin(r -> r.hset(SLAB, KeyLayout.SLAB_SUMMARY_FIELD, "60 1 counter 600 600 1 1 1 " + (SLAB_START + 59_000)));
        assertThat(count()).as("the summary, not the buckets").isEqualTo(600);
        assertThat(store.read(ORDERS, Aggregate.COUNT, Instant.ofEpochMilli(SLAB_START + 1_000), NOW))
                .as("a window that cuts the slab reads its buckets").hasValue(59);
    }

    @Test
    void aReadWhoseWindowCutsTheSlabKeepsNoSummaryOfIt() {
        writeWholeSlab(MetricType.COUNTER, 1);

        assertThat(store.read(ORDERS, Aggregate.COUNT, Instant.ofEpochMilli(SLAB_START + 30_000), NOW)).hasValue(30);
        assertThat(summary()).isNull();
        assertThat(store.read(ORDERS, Aggregate.COUNT, Instant.ofEpochMilli(SLAB_START + 10_000), NOW)).hasValue(50);
    }

    @Test
    void aNewBucketOrAMergeIntoAHeldOneVoidsTheSummary() {
        writeWholeSlab(MetricType.COUNTER, 1);
        count();

        store.write(batch("b-new", bucket(ORDERS, MetricType.COUNTER, SLAB_START + 500, stats(SLAB_START + 500, 1))));
        assertThat(count()).isEqualTo(61);
        assertThat(summary()).startsWith("61 1 counter 61 61 ");

        store.write(batch("b-merge", bucket(ORDERS, MetricType.COUNTER, SLAB_START + 2_000, stats(SLAB_START + 2_000, 5))));
        assertThat(summary()).as("deleted by the write").isNull();
        assertThat(count()).isEqualTo(66);
    }

    private static String part(int part) {
        return REDIS.admin(r -> r.hget(SLAB, KeyLayout.SLAB_SUMMARY_FIELD + ":" + part));
    }

    private double countFrom(long offsetMillis) {
        return store.read(ORDERS, Aggregate.COUNT, Instant.ofEpochMilli(SLAB_START + offsetMillis), NOW).orElseThrow();
    }

    @Test
    void aReadWhoseWindowCutsTheSlabKeepsTheSummaryOfEachTenSecondPartItMergedWholeAndALaterReadTakesIt() {
        writeWholeSlab(MetricType.COUNTER, 1);

        assertThat(countFrom(25_000)).isEqualTo(35);
        assertThat(part(3)).as("the part the window cuts").isNull();
        assertThat(part(4)).isEqualTo("10 1 10 counter 10 10 1 1 1 " + (SLAB_START + 39_000));
        assertThat(part(6)).isEqualTo("10 1 10 counter 10 10 1 1 1 " + (SLAB_START + 59_000));

        REDIS.admin(r -> r.hset(SLAB, KeyLayout.SLAB_SUMMARY_FIELD + ":5", "10 1 10 counter 100 100 1 1 1 " + (SLAB_START + 49_000)));
        assertThat(countFrom(25_000)).as("part 5 from its summary, the others as before").isEqualTo(125);
        assertThat(countFrom(40_000)).isEqualTo(110);
        assertThat(countFrom(0)).as("the whole slab: its summary is kept beside the parts'").isEqualTo(150);
        assertThat(count()).as("and taken").isEqualTo(150);
    }

    @Test
    void aWriteIntoAPartVoidsThatPartsSummaryAndNoOther() {
        writeWholeSlab(MetricType.COUNTER, 1);
        countFrom(25_000);

        store.write(batch("b-new", bucket(ORDERS, MetricType.COUNTER, SLAB_START + 45_500, stats(SLAB_START + 45_500, 1))));
        assertThat(countFrom(25_000)).isEqualTo(36);
        assertThat(part(5)).startsWith("11 1 11 counter 11 11 ");
        assertThat(part(4)).startsWith("10 1 10 counter 10 10 ");

        store.write(batch("b-merge", bucket(ORDERS, MetricType.COUNTER, SLAB_START + 52_000, stats(SLAB_START + 52_000, 5))));
        assertThat(part(6)).as("deleted by the write").isNull();
        assertThat(part(4)).as("another part's is kept").startsWith("10 1 10 counter 10 10 ");
        assertThat(countFrom(25_000)).isEqualTo(41);
        assertThat(part(6)).as("its buckets merged again").startsWith("10 1 15 counter 11 15 ");
    }

    @Test
    void aPartOfFractionalSumsServesMaxButNotTheSum() {
        writeWholeSlab(MetricType.GAUGE, 0.1);
        Stats merged = Stats.EMPTY;
        for (long start = SLAB_START + 30_000; start < SLAB_START + KeyLayout.SLAB_WIDTH_MILLIS; start += 1_000) {
            merged = merged.merge(Stats.of(0.1, start));
        }
        Instant from = Instant.ofEpochMilli(SLAB_START + 30_000);
        assertThat(store.read(ORDERS, Aggregate.SUM, from, NOW)).hasValue(merged.sum());
        assertThat(part(4)).startsWith("10 0 ");

        REDIS.admin(r -> r.hset(SLAB, KeyLayout.SLAB_SUMMARY_FIELD + ":4",
                part(4).replaceFirst("^10 0 (\\S+) gauge 10 \\S+ 0.1 0.1 ", "10 0 $1 gauge 10 7 0.1 99 ")));
        assertThat(store.read(ORDERS, Aggregate.MAX, from, NOW)).as("the part's summary").hasValue(99);
        assertThat(store.read(ORDERS, Aggregate.SUM, from, NOW)).as("not exact: bucket by bucket").hasValue(merged.sum());
    }

    @Test
    void aSummaryOfFractionalSumsServesEveryAggregateButTheSumsWhichComeFromTheBucketsAsBefore() {
        writeWholeSlab(MetricType.GAUGE, 0.1);
        Stats merged = Stats.EMPTY;
        for (long start = SLAB_START; start < SLAB_START + KeyLayout.SLAB_WIDTH_MILLIS; start += 1_000) {
            merged = merged.merge(Stats.of(0.1, start));
        }

        assertThat(store.read(ORDERS, Aggregate.SUM, FROM, NOW)).hasValue(merged.sum());
        assertThat(summary()).startsWith("60 0 gauge 60 ").as("numbers printed short: the slab stays compact").contains(" 0.1 0.1 0.1 ");

        // the summary's sum and max replaced: what a read gives then shows whether it took the summary
        String tampered = summary().replaceFirst("^60 0 gauge 60 \\S+ 0.1 0.1 ", "60 0 gauge 60 7 0.1 99 ");
        REDIS.admin(r -> r.hset(SLAB, KeyLayout.SLAB_SUMMARY_FIELD, tampered));
        assertThat(store.read(ORDERS, Aggregate.MAX, FROM, NOW)).as("the summary").hasValue(99);
        assertThat(store.read(ORDERS, Aggregate.SUM, FROM, NOW)).as("not exact: the buckets, bucket by bucket").hasValue(merged.sum());
        assertThat(store.read(ORDERS, Aggregate.AVG, FROM, NOW)).hasValue(merged.sum() / 60);
    }

    @Test
    void aSlabThatHasNotEndedOrIsReadForAPercentileKeepsNoSummary() {
        writeWholeSlab(MetricType.HISTOGRAM, 1);

        assertThat(store.read(ORDERS, Aggregate.P99, FROM, NOW)).hasValue(1);
        assertThat(summary()).as("a percentile reads the buckets for their sketches").isNull();

        try (MetricStore early = new RedisStoreFactory(Clock.fixed(Instant.ofEpochMilli(SLAB_START + 30_000), ZoneOffset.UTC))
                .create(storeConfig(REDIS.url()))) {
            assertThat(early.read(ORDERS, Aggregate.COUNT, FROM, NOW)).hasValue(60);
        }
        assertThat(summary()).as("the slab had not ended by the reader's clock").isNull();
    }
}
