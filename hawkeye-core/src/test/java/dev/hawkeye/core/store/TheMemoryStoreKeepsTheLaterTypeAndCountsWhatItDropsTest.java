package dev.hawkeye.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesBucket;
import dev.hawkeye.api.metric.Stats;
import dev.hawkeye.core.testing.LogCapture;
import dev.hawkeye.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stats of different types do not add up: where a series' data of two types meet (in one bucket,
 * in one rollup, or a late bucket in a rollup), the later data is kept (as {@link Stats#merge}
 * takes the later last value) and the other is dropped, counted in {@code store.buckets.dropped}
 * and logged at most once a minute. What is kept does not depend on whether a late bucket comes
 * before or after its minute is rolled up.
 */
class TheMemoryStoreKeepsTheLaterTypeAndCountsWhatItDropsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Series ERRORS = Series.of("api.errors");
    /** When the minute of T0 is past the 10m detail and the next write rolls it up. */
    private static final Instant ROLL_UP_TIME = T0.plus(Duration.ofMinutes(12));

    private final ManualClock clock = new ManualClock(T0);
    private final MemoryStore store = newStore();
    @RegisterExtension
    final LogCapture log = LogCapture.of(MemoryStore.class);
    private int batches;

    @Test
    void aLateBucketOfAnotherTypeIsDroppedWhenTheRollupItFallsInHoldsLaterData() {
        write(store, countersEverySecond(0, 60));
        rollUp(store);

        write(store, gauge(30, 42));

        assertThat(read(store, Aggregate.COUNT)).hasValue(60);
        assertThat(read(store, Aggregate.LAST)).hasValue(1);
        assertThat(store.bucketsDroppedForLaterDataOfAnotherType()).isEqualTo(1);
        assertThat(store.counters()).containsEntry(MemoryStore.BUCKETS_DROPPED, 1L);
    }

    @Test
    void aLateBucketOfAnotherTypeLaterThanItsRollupReplacesItAndTheRollupIsCounted() {
        write(store, countersEverySecond(0, 20));
        rollUp(store);

        write(store, gauge(40, 42));

        assertThat(read(store, Aggregate.LAST)).hasValue(42);
        assertThat(read(store, Aggregate.COUNT)).hasValue(1);
        assertThat(store.bucketsDroppedForLaterDataOfAnotherType()).isEqualTo(1);
        assertThat(store.counters()).containsEntry(MemoryStore.BUCKETS_DROPPED, 1L);
    }

    @Test
    void aRollupKeepsEveryBucketOfItsLatestTypeAndCountsTheOthers() {
        List<SeriesBucket> minute = countersEverySecond(0, 60);
        minute.set(30, gauge(30, 42));
        write(store, minute);
        List<OptionalDouble> beforeRollUp = readEveryAggregate(store);

        rollUp(store);

        assertThat(read(store, Aggregate.COUNT)).hasValue(59);
        assertThat(readEveryAggregate(store)).isEqualTo(beforeRollUp);
        assertThat(store.bucketsDroppedForLaterDataOfAnotherType()).isEqualTo(1);
    }

    @Test
    void whetherALateBucketOfAnotherTypeComesBeforeOrAfterTheRollUpTheSameIsKept() {
        // counters in [00:00, 00:20) and [00:30, 00:40); a gauge in between is dropped, one after them is kept
        for (SeriesBucket late : List.of(gauge(25, 42), gauge(45, 42))) {
            MemoryStore lateBeforeRollUp = newStore();
            MemoryStore lateAfterRollUp = newStore();
            clock.set(T0);
            for (MemoryStore target : List.of(lateBeforeRollUp, lateAfterRollUp)) {
                write(target, countersEverySecond(0, 20));
                write(target, countersEverySecond(30, 40));
            }

            write(lateBeforeRollUp, late);
            rollUp(lateBeforeRollUp);
            rollUp(lateAfterRollUp);
            write(lateAfterRollUp, late);

            assertThat(readEveryAggregate(lateAfterRollUp)).as("late bucket at %s", Instant.ofEpochMilli(late.bucketStartMillis()))
                    .isEqualTo(readEveryAggregate(lateBeforeRollUp));
            assertThat(read(lateAfterRollUp, Aggregate.LAST)).hasValue(late.bucketStartMillis() > T0.plusSeconds(40).toEpochMilli() ? 42 : 1);
        }
    }

    @Test
    void ofTwoBucketsOfOneSecondAndOfDifferentTypesTheLaterIsKept() {
        long start = T0.plusSeconds(5).toEpochMilli();
        write(store, new SeriesBucket(ERRORS, MetricType.COUNTER, start, Stats.of(3, start + 900)));

        write(store, new SeriesBucket(ERRORS, MetricType.GAUGE, start, Stats.of(42, start + 100)));
        assertThat(read(store, Aggregate.COUNT)).hasValue(3);
        assertThat(store.bucketsDroppedForLaterDataOfAnotherType()).isEqualTo(1);

        write(store, new SeriesBucket(ERRORS, MetricType.GAUGE, start, Stats.of(42, start + 950)));
        assertThat(read(store, Aggregate.LAST)).hasValue(42);
        assertThat(read(store, Aggregate.COUNT)).hasValue(1);
        assertThat(store.bucketsDroppedForLaterDataOfAnotherType()).isEqualTo(2);
    }

    @Test
    void whatIsDroppedForLaterDataOfAnotherTypeIsLoggedOnceAMinuteWithTheTotal() {
        write(store, countersEverySecond(0, 60));
        rollUp(store);

        write(store, gauge(10, 1));
        write(store, gauge(20, 1));
        clock.advance(Duration.ofMinutes(1));
        write(store, gauge(30, 1));

        assertThat(log.messages()).hasSize(2)
                .allMatch(line -> line.contains("memory store dropped 1 bucket(s) or rollup(s) whose series has later data of another type")
                        && line.contains("e.g. api.errors at 2026-01-01T00:00:00Z: a gauge, the later data a counter"));
        assertThat(log.messages().get(1)).contains("3 dropped for this reason");
    }

    private MemoryStore newStore() {
        return new MemoryStore(new MemoryStoreSettings(Duration.ofHours(24), 100, Duration.ofMinutes(10), Duration.ofMinutes(1),
                MemoryStoreSettings.DEFAULT_MAX_MEMORY_BYTES), clock);
    }

    /** Moves the clock past the detail of the first minute and writes, which rolls it up. */
    private void rollUp(MemoryStore target) {
        clock.set(ROLL_UP_TIME);
        write(target, List.of(new SeriesBucket(Series.of("other"), MetricType.COUNTER, ROLL_UP_TIME.toEpochMilli(),
                Stats.of(1, ROLL_UP_TIME.toEpochMilli()))));
        assertThat(target.rollupCount()).isPositive();
    }

    private List<OptionalDouble> readEveryAggregate(MemoryStore target) {
        List<OptionalDouble> reads = new ArrayList<>();
        for (Aggregate aggregate : Aggregate.values()) {
            reads.add(read(target, aggregate));
        }
        return reads;
    }

    private void write(MemoryStore target, SeriesBucket bucket) {
        write(target, List.of(bucket));
    }

    private void write(MemoryStore target, List<SeriesBucket> buckets) {
        target.write(new FlushBatch("batch-" + ++batches, clock.millis(), 1_000, buckets));
    }

    /** The first minute of the series. */
    private static OptionalDouble read(MemoryStore target, Aggregate aggregate) {
        return target.read(ERRORS, aggregate, T0, T0.plusSeconds(60));
    }

    /** A counter bucket counting 1 for each second in [from, to). */
    private static List<SeriesBucket> countersEverySecond(int fromSecond, int toSecond) {
        List<SeriesBucket> buckets = new ArrayList<>();
        for (int second = fromSecond; second < toSecond; second++) {
            long start = T0.plusSeconds(second).toEpochMilli();
            buckets.add(new SeriesBucket(ERRORS, MetricType.COUNTER, start, Stats.of(1, start)));
        }
        return buckets;
    }

    private static SeriesBucket gauge(int second, double value) {
        long start = T0.plusSeconds(second).toEpochMilli();
        return new SeriesBucket(ERRORS, MetricType.GAUGE, start, Stats.of(value, start));
    }
}
