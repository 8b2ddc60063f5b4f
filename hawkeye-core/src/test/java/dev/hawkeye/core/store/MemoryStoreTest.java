package dev.hawkeye.core.store;

import dev.hawkeye.api.store.Fence;
import dev.hawkeye.core.testing.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesBucket;
import dev.hawkeye.api.metric.Stats;
import dev.hawkeye.api.store.AlertState;
import dev.hawkeye.api.store.AlertStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MemoryStoreTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Series ERRORS = Series.of("api.errors");
    private static final Series LATENCY = Series.of("api.latency", Map.of("service", "checkout"));

    private final ManualClock clock = new ManualClock(T0.plus(Duration.ofMinutes(10)));
    private final MemoryStore store = new MemoryStore(Duration.ofHours(1), clock);
    private int batches;

    @Test
    void countsTheBucketsThatStartInsideTheWindow() {
        // three one-second buckets of a counter: 1, 10 and 100 counted
        write(counter(0, 1), counter(1, 10), counter(2, 100));

        assertThat(read(ERRORS, Aggregate.COUNT, 0, 3)).hasValue(111);
        assertThat(read(ERRORS, Aggregate.COUNT, 1, 2)).hasValue(10);
        // a bucket starting before `from` is out even when the window overlaps it
        assertThat(readMillis(ERRORS, Aggregate.COUNT, 500, 3_000)).hasValue(110);
        // `to` is exclusive
        assertThat(read(ERRORS, Aggregate.COUNT, 0, 2)).hasValue(11);
        assertThat(read(ERRORS, Aggregate.COUNT, 3, 60)).hasValue(0);
    }

    @Test
    void computesEveryAggregateOfAWindow() {
        write(bucket(LATENCY, MetricType.HISTOGRAM, 0, 5, 1, 2),
                bucket(LATENCY, MetricType.HISTOGRAM, 1, 30, 10),
                bucket(LATENCY, MetricType.HISTOGRAM, 2, 1000));

        // window [0s, 2s): points 5, 1, 2, 30, 10 — the last observed is 10
        assertThat(read(LATENCY, Aggregate.COUNT, 0, 2)).hasValue(5);
        assertThat(read(LATENCY, Aggregate.SUM, 0, 2)).hasValue(48);
        assertThat(read(LATENCY, Aggregate.AVG, 0, 2)).hasValue(9.6);
        assertThat(read(LATENCY, Aggregate.MIN, 0, 2)).hasValue(1);
        assertThat(read(LATENCY, Aggregate.MAX, 0, 2)).hasValue(30);
        assertThat(read(LATENCY, Aggregate.LAST, 0, 2)).hasValue(10);
        assertThat(read(LATENCY, Aggregate.RATE, 0, 2)).hasValue(2.5);
        // window [1s, 3s): the first bucket is out, the third in
        assertThat(read(LATENCY, Aggregate.COUNT, 1, 3)).hasValue(3);
        assertThat(read(LATENCY, Aggregate.MIN, 1, 3)).hasValue(10);
        assertThat(read(LATENCY, Aggregate.MAX, 1, 3)).hasValue(1000);
        assertThat(read(LATENCY, Aggregate.LAST, 1, 3)).hasValue(1000);
        // percentiles of [0s, 2s) from the merged sketches: sorted 1, 2, 5, 10, 30; rank floor(q (n - 1))
        assertThat(read(LATENCY, Aggregate.P50, 0, 2).getAsDouble()).isCloseTo(5, within(0.05));
        assertThat(read(LATENCY, Aggregate.P90, 0, 2).getAsDouble()).isCloseTo(10, within(0.1));
        assertThat(read(LATENCY, Aggregate.P99, 0, 2).getAsDouble()).isCloseTo(10, within(0.1));
        // [0s, 3s) adds 1000: rank floor(0.99 * 5) = 4 is still 30, the maximum is rank 5
        assertThat(read(LATENCY, Aggregate.P99, 0, 3).getAsDouble()).isCloseTo(30, within(0.3));
        assertThat(read(LATENCY, Aggregate.P99, 2, 3)).hasValue(1000);
    }

    @Test
    void aPercentileOverManyBucketsIsWithinOnePercentOfTheExactOne() {
        double[] values = new double[6_000];
        SeriesBucket[] buckets = new SeriesBucket[60];
        for (int second = 0; second < 60; second++) {
            double[] inBucket = new double[100];
            for (int i = 0; i < 100; i++) {
                // a slow drift with a tail: p99 comes from a few late buckets
                inBucket[i] = 10 + second + (i % 50 == 0 ? 500 * (i + 1) : i);
                values[second * 100 + i] = inBucket[i];
            }
            buckets[second] = bucket(LATENCY, MetricType.HISTOGRAM, second, inBucket);
        }
        write(Arrays.copyOfRange(buckets, 0, 30));
        write(Arrays.copyOfRange(buckets, 30, 60));
        Arrays.sort(values);

        for (Aggregate percentile : List.of(Aggregate.P50, Aggregate.P90, Aggregate.P95, Aggregate.P99)) {
            double exact = values[(int) Math.floor(percentile.quantile().getAsDouble() * (values.length - 1))];
            assertThat(read(LATENCY, percentile, 0, 60).getAsDouble()).as(percentile.wireName())
                    .isCloseTo(exact, within(exact * 0.01));
        }
    }

    @Test
    void aPercentileOfACounterOrAGaugeIsEmpty() {
        write(counter(0, 5), bucket(LATENCY, MetricType.GAUGE, 0, 3, 4));

        assertThat(read(ERRORS, Aggregate.P50, 0, 1)).isEmpty();
        assertThat(read(LATENCY, Aggregate.P95, 0, 1)).isEmpty();
    }

    @Test
    void rateOfACounterIsWhatWasCountedPerSecondOfTheWindow() {
        write(counter(0, 30), counter(5, 30));

        assertThat(read(ERRORS, Aggregate.RATE, 0, 60)).hasValue(1.0);
        assertThat(read(ERRORS, Aggregate.SUM, 0, 60)).hasValue(60);
    }

    @Test
    void aWindowWithoutPointsCountsZeroAndHasNoAverage() {
        write(counter(0, 1));

        for (Series series : List.of(ERRORS, Series.of("never.seen"))) {
            assertThat(read(series, Aggregate.COUNT, 10, 20)).hasValue(0);
            assertThat(read(series, Aggregate.SUM, 10, 20)).hasValue(0);
            assertThat(read(series, Aggregate.RATE, 10, 20)).hasValue(0);
            assertThat(read(series, Aggregate.AVG, 10, 20)).isEmpty();
            assertThat(read(series, Aggregate.MIN, 10, 20)).isEmpty();
            assertThat(read(series, Aggregate.MAX, 10, 20)).isEmpty();
            assertThat(read(series, Aggregate.LAST, 10, 20)).isEmpty();
            assertThat(read(series, Aggregate.P99, 10, 20)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(MetricType.class)
    void aBucketWrittenInTwoPartsReadsTheSameAsInOne(MetricType type) {
        MemoryStore whole = new MemoryStore(Duration.ofHours(1), clock);
        whole.write(batch("whole", bucket(LATENCY, type, 0, 3, 9, 4, 7)));
        write(bucket(LATENCY, type, 0, 3, 9));
        write(bucketFrom(LATENCY, type, 0, 2, 4, 7));

        for (Aggregate aggregate : Aggregate.values()) {
            assertThat(read(LATENCY, aggregate, 0, 1)).as(aggregate.wireName())
                    .isEqualTo(whole.read(LATENCY, aggregate, T0, T0.plusSeconds(1)));
        }
        assertThat(read(LATENCY, Aggregate.LAST, 0, 1)).hasValue(7);
    }

    @Test
    void aBatchWrittenTwiceIsAppliedOnce() {
        FlushBatch batch = batch("retried", counter(0, 5));

        store.write(batch);
        store.write(batch);

        assertThat(read(ERRORS, Aggregate.COUNT, 0, 1)).hasValue(5);
    }

    @Test
    void bucketsOlderThanTheRetentionArePrunedAndNotRead() {
        // Buckets that keep their own resolution for the whole retention (no rollups): the retention applies to each.
        MemoryStore store = new MemoryStore(new MemoryStoreSettings(Duration.ofHours(1), 10, Duration.ofHours(1),
                Duration.ofMinutes(1), MemoryStoreSettings.DEFAULT_MAX_MEMORY_BYTES), clock);
        write(store, counter(0, 1), counter(1, 2));
        assertThat(store.bucketCount()).isEqualTo(2);

        // the first bucket is now 1 hour old (past the retention), the second not yet
        clock.set(T0.plus(Duration.ofHours(1)).plusMillis(1));
        assertThat(store.read(ERRORS, Aggregate.COUNT, T0, T0.plusSeconds(2))).hasValue(2);

        write(store, bucket(Series.of("other"), MetricType.COUNTER, 3_600, 1));
        assertThat(store.bucketCount()).isEqualTo(2);

        clock.advance(Duration.ofMinutes(5));
        assertThat(store.read(ERRORS, Aggregate.COUNT, T0, T0.plusSeconds(2))).hasValue(0);
        write(store, bucket(Series.of("other"), MetricType.COUNTER, 3_900, 1));
        assertThat(store.bucketCount()).isEqualTo(2);
    }

    @Test
    void aSeriesThatChangedTypeIsReadAsItsLatestType() {
        write(counter(0, 5), bucket(ERRORS, MetricType.GAUGE, 1, 42));

        assertThat(read(ERRORS, Aggregate.COUNT, 0, 2)).hasValue(1);
        assertThat(read(ERRORS, Aggregate.LAST, 0, 2)).hasValue(42);
        assertThat(read(ERRORS, Aggregate.COUNT, 0, 1)).hasValue(5);
    }

    @Test
    void aWindowThatEndsBeforeItStartsIsRefused() {
        assertThatThrownBy(() -> read(ERRORS, Aggregate.COUNT, 5, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before it starts");
    }

    @Test
    void keepsAlertStatesByMonitor() {
        AlertState checkout = new AlertState("checkout-errors", AlertStatus.FIRING, "critical", 1234,
                T0, T0.plusSeconds(5), 3, 2);
        AlertState login = AlertState.initial("login-errors", T0);

        store.alerts().orElseThrow().save(checkout, List.of(), Fence.NONE);
        store.alerts().orElseThrow().save(login, List.of(), Fence.NONE);
        store.alerts().orElseThrow().save(checkout, List.of(), Fence.NONE);

        assertThat(store.alerts().orElseThrow().loadState("checkout-errors")).contains(checkout);
        assertThat(store.alerts().orElseThrow().loadState("unknown")).isEmpty();
        assertThat(store.alerts().orElseThrow().loadStates()).containsExactly(
                Map.entry("checkout-errors", checkout), Map.entry("login-errors", login));

        AlertState resolved = new AlertState("checkout-errors", AlertStatus.OK, null, 0, T0.plusSeconds(60), null, 3, 0);
        store.alerts().orElseThrow().save(resolved, List.of(), Fence.NONE);
        assertThat(store.alerts().orElseThrow().loadState("checkout-errors")).contains(resolved);
    }

    @Test
    void describesItselfAsMemory() {
        assertThat(store.describe()).isEqualTo("memory");
    }

    private void write(SeriesBucket... buckets) {
        write(store, buckets);
    }

    private void write(MemoryStore target, SeriesBucket... buckets) {
        target.write(batch("batch-" + ++batches, buckets));
    }

    private FlushBatch batch(String id, SeriesBucket... buckets) {
        return new FlushBatch(id, clock.millis(), 1_000, List.of(buckets));
    }

    private static SeriesBucket counter(int second, double counted) {
        return bucket(ERRORS, MetricType.COUNTER, second, counted);
    }

    /** A bucket starting {@code second}s after T0 holding the values, observed 1ms apart in order. */
    private static SeriesBucket bucket(Series series, MetricType type, int second, double... values) {
        return bucketFrom(series, type, second, 0, values);
    }

    /** Like {@link #bucket}, the first value observed {@code firstMillis} after the bucket's start. */
    private static SeriesBucket bucketFrom(Series series, MetricType type, int second, int firstMillis, double... values) {
        long start = T0.plusSeconds(second).toEpochMilli();
        Stats stats = Stats.EMPTY;
        for (int i = 0; i < values.length; i++) {
            stats = stats.add(type, values[i], start + firstMillis + i);
        }
        return new SeriesBucket(series, type, start, stats);
    }

    private OptionalDouble read(Series series, Aggregate aggregate, int fromSecond, int toSecond) {
        return store.read(series, aggregate, T0.plusSeconds(fromSecond), T0.plusSeconds(toSecond));
    }

    private OptionalDouble readMillis(Series series, Aggregate aggregate, long fromMillis, long toMillis) {
        return store.read(series, aggregate, T0.plusMillis(fromMillis), T0.plusMillis(toMillis));
    }
}
