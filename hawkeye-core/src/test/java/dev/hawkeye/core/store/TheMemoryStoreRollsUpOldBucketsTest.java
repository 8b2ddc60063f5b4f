package dev.hawkeye.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesBucket;
import dev.hawkeye.api.metric.Stats;
import dev.hawkeye.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * Buckets keep their own resolution for {@code detail}, then are merged into rollups; a window
 * that reaches before the detail cutoff takes whole rollups there.
 */
class TheMemoryStoreRollsUpOldBucketsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Series ERRORS = Series.of("api.errors");
    private static final Series LATENCY = Series.of("api.latency");
    private static final Duration DETAIL = Duration.ofMinutes(10);

    private final ManualClock clock = new ManualClock(T0);
    private final MemoryStore store = new MemoryStore(settings(DETAIL), clock);
    private int batches;

    @Test
    void bucketsOlderThanTheDetailAreMergedIntoOneRollupPerMinute() {
        writeEverySecond(store, 0, 120, 1);
        assertThat(store.bucketCount()).isEqualTo(240);
        assertThat(store.rollupCount()).isZero();

        // 12 minutes later both minutes are past the detail (cutoff 00:02): the next write rolls them up.
        clock.set(T0.plus(Duration.ofMinutes(12)));
        write(store, counter(ERRORS, 720, 1));

        assertThat(store.rollupCount()).isEqualTo(4);
        assertThat(store.bucketCount()).isEqualTo(4 + 1);
        assertThat(read(store, ERRORS, Aggregate.COUNT, 0, 120)).hasValue(120);
        assertThat(read(store, LATENCY, Aggregate.COUNT, 0, 60)).hasValue(60);
        assertThat(read(store, LATENCY, Aggregate.MIN, 0, 60)).hasValue(0);
        assertThat(read(store, LATENCY, Aggregate.MAX, 0, 60)).hasValue(59);
        assertThat(read(store, LATENCY, Aggregate.LAST, 0, 120)).hasValue(119);
    }

    @Test
    void aReadThatReachesBeforeTheDetailCutoffTakesEveryRollupItOverlapsThereAndBucketsAfter() {
        writeEverySecond(store, 0, 900, 1);
        // The detail cutoff is 00:15:30 - 10m = 00:05:30, rounded up to a whole rollup: 00:06.
        clock.set(T0.plus(Duration.ofSeconds(930)));

        // [00:03:30, 00:08): the rollups it overlaps (00:03, 00:04, 00:05), whole, then the buckets from 00:06.
        assertThat(read(store, ERRORS, Aggregate.COUNT, 210, 480)).hasValue(180 + 120);
        assertThat(read(store, LATENCY, Aggregate.MIN, 210, 480)).hasValue(180);
        assertThat(read(store, LATENCY, Aggregate.MAX, 210, 480)).hasValue(479);
        assertThat(read(store, LATENCY, Aggregate.SUM, 210, 480)).hasValue(sum(180, 480));
        // A window on a rollup boundary takes no rollup before it: [00:04, 00:08).
        assertThat(read(store, ERRORS, Aggregate.COUNT, 240, 480)).hasValue(240);
        // A window that ends before the cutoff: the rollups it overlaps, each whole (00:00, 00:01 and 00:02).
        assertThat(read(store, LATENCY, Aggregate.COUNT, 30, 150)).hasValue(180);
        assertThat(read(store, LATENCY, Aggregate.MIN, 30, 150)).hasValue(0);
        assertThat(read(store, LATENCY, Aggregate.MAX, 30, 150)).hasValue(179);
        // Within the detail: exact to the bucket.
        assertThat(read(store, LATENCY, Aggregate.COUNT, 400, 410)).hasValue(10);

        // The same answers once the buckets are rolled up (a write does it): reads do not depend on when.
        List<OptionalDouble> before = readsAcrossTheCutoff();
        write(store, counter(ERRORS, 930, 1));
        assertThat(store.rollupCount()).isEqualTo(2 * 6);
        assertThat(readsAcrossTheCutoff()).isEqualTo(before);
    }

    @Test
    void everyAggregateOfWholeRollupsIsWhatTheBucketsTheyMergeGive() {
        MemoryStore withoutRollups = new MemoryStore(settings(Duration.ofDays(1)), clock);
        for (int second = 0; second < 180; second++) {
            // a histogram with a spread per bucket, so that the percentiles come from merged sketches
            double[] values = {second, second * 2 + 1, 1000 - second, (second % 7) * 50};
            SeriesBucket bucket = histogram(LATENCY, second, values);
            write(store, bucket);
            write(withoutRollups, bucket);
        }
        clock.set(T0.plus(Duration.ofMinutes(14)));
        write(store, counter(ERRORS, 840, 1));
        write(withoutRollups, counter(ERRORS, 840, 1));
        assertThat(store.rollupCount()).isEqualTo(3);

        for (Aggregate aggregate : Aggregate.values()) {
            assertThat(read(store, LATENCY, aggregate, 60, 180)).as(aggregate.wireName())
                    .isEqualTo(read(withoutRollups, LATENCY, aggregate, 60, 180));
        }
        // 720 values; rank floor(0.99 * 719) = 711 is the 9th largest: 1000 - 8
        assertThat(read(store, LATENCY, Aggregate.P99, 0, 180).getAsDouble()).isCloseTo(992, within(992 * 0.01));
    }

    @Test
    void aBucketWrittenAfterItsDetailPeriodGoesStraightIntoItsRollup() {
        writeEverySecond(store, 0, 60, 1);
        clock.set(T0.plus(Duration.ofMinutes(12)));
        write(store, counter(ERRORS, 720, 1));
        int rollups = store.rollupCount();

        write(store, counter(ERRORS, 30, 5));

        assertThat(store.rollupCount()).isEqualTo(rollups);
        assertThat(read(store, ERRORS, Aggregate.COUNT, 0, 60)).hasValue(60 + 5);
    }

    @Test
    void withoutDetailEveryBucketGoesIntoItsRollupAtOnce() {
        MemoryStore rollupsOnly = new MemoryStore(settings(Duration.ZERO), clock);
        writeEverySecond(rollupsOnly, 0, 90, 1);

        assertThat(rollupsOnly.rollupCount()).isEqualTo(2 * 2);
        assertThat(rollupsOnly.bucketCount()).isEqualTo(2 * 2);
        // [00:00:30, 00:01:30) overlaps the rollups of 00:00 and 00:01, and takes both whole.
        assertThat(read(rollupsOnly, ERRORS, Aggregate.COUNT, 30, 90)).hasValue(90);
        // [00:01, 00:01:30) the rollup of 00:01 only.
        assertThat(read(rollupsOnly, ERRORS, Aggregate.COUNT, 60, 90)).hasValue(30);
    }

    @Test
    void aRollupIsKeptWhileItsStartIsWithinTheRetention() {
        MemoryStore store = new MemoryStore(new MemoryStoreSettings(Duration.ofHours(1), 10, DETAIL, Duration.ofMinutes(1),
                MemoryStoreSettings.DEFAULT_MAX_MEMORY_BYTES), clock);
        writeEverySecond(store, 0, 120, 1);
        clock.set(T0.plus(Duration.ofMinutes(30)));
        write(store, counter(ERRORS, 1800, 1));
        assertThat(read(store, ERRORS, Aggregate.COUNT, 0, 120)).hasValue(120);

        // The rollup of 00:00 starts more than the hour ago; the one of 00:01 not yet.
        clock.set(T0.plus(Duration.ofMinutes(60)).plusMillis(1));
        assertThat(read(store, ERRORS, Aggregate.COUNT, 0, 120)).hasValue(60);
        write(store, counter(ERRORS, 3600, 1));
        // left: 00:01 of both series, and 00:30 of api.errors
        assertThat(store.rollupCount()).isEqualTo(3);
        assertThat(store.reachesBackTo()).isEqualTo(T0.plusMillis(1));
    }

    private List<OptionalDouble> readsAcrossTheCutoff() {
        List<OptionalDouble> reads = new ArrayList<>();
        for (Aggregate aggregate : Aggregate.values()) {
            reads.add(read(store, LATENCY, aggregate, 210, 480));
            reads.add(read(store, ERRORS, aggregate, 30, 150));
        }
        return reads;
    }

    /** For each second in [from, to): a counter bucket of {@code counted} and a gauge bucket whose value is the second. */
    private void writeEverySecond(MemoryStore target, int fromSecond, int toSecond, double counted) {
        List<SeriesBucket> buckets = new ArrayList<>();
        for (int second = fromSecond; second < toSecond; second++) {
            buckets.add(counter(ERRORS, second, counted));
            long start = T0.plusSeconds(second).toEpochMilli();
            buckets.add(new SeriesBucket(LATENCY, MetricType.GAUGE, start, Stats.of(second, start)));
        }
        target.write(new FlushBatch("batch-" + ++batches, clock.millis(), 1_000, buckets));
    }

    private void write(MemoryStore target, SeriesBucket... buckets) {
        target.write(new FlushBatch("batch-" + ++batches, clock.millis(), 1_000, List.of(buckets)));
    }

    private static SeriesBucket counter(Series series, int second, double counted) {
        long start = T0.plusSeconds(second).toEpochMilli();
        return new SeriesBucket(series, MetricType.COUNTER, start, Stats.of(counted, start));
    }

    private static SeriesBucket histogram(Series series, int second, double... values) {
        long start = T0.plusSeconds(second).toEpochMilli();
        Stats stats = Stats.EMPTY;
        for (int i = 0; i < values.length; i++) {
            stats = stats.add(MetricType.HISTOGRAM, values[i], start + i);
        }
        return new SeriesBucket(series, MetricType.HISTOGRAM, start, stats);
    }

    private static double sum(int from, int to) {
        return (double) (from + to - 1) * (to - from) / 2;
    }

    private static OptionalDouble read(MemoryStore store, Series series, Aggregate aggregate, int fromSecond, int toSecond) {
        return store.read(series, aggregate, T0.plusSeconds(fromSecond), T0.plusSeconds(toSecond));
    }

    private static MemoryStoreSettings settings(Duration detail) {
        return new MemoryStoreSettings(Duration.ofHours(24), 100, detail, Duration.ofMinutes(1),
                MemoryStoreSettings.DEFAULT_MAX_MEMORY_BYTES);
    }
}
