package dev.hawkeye.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.Stats;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.StoreHealthTracker;
import dev.hawkeye.core.config.IngestSettings;
import dev.hawkeye.core.testing.ManualClock;
import dev.hawkeye.core.store.MemoryStore;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AggregatorTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Series ERRORS = Series.of("api.errors");
    private static final Series QUEUE = Series.of("queue.depth", Map.of("queue", "mail"));
    private static final Series LATENCY = Series.of("api.latency");
    private static final IngestSettings SETTINGS = new IngestSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 10, 1_000);

    private final ManualClock clock = new ManualClock(T0);
    private final Counters counters = new Counters();
    private final MemoryStore memory = new MemoryStore(Duration.ofHours(24), clock);
    private final FlakyStore store = new FlakyStore(memory);
    private Aggregator aggregator = new Aggregator(SETTINGS, store, counters, clock);

    @AfterEach
    void closeAggregator() {
        aggregator.close();
    }

    @Test
    void countersAddUpWithinAndAcrossBuckets() {
        record(ERRORS, MetricType.COUNTER, 1, 0);
        record(ERRORS, MetricType.COUNTER, 2, 400);
        record(ERRORS, MetricType.COUNTER, 3, 999);
        record(ERRORS, MetricType.COUNTER, 10, 1_000);
        record(ERRORS, MetricType.COUNTER, 20, 2_500);
        aggregator.flush();

        assertThat(read(ERRORS, Aggregate.COUNT, 0, 1_000)).hasValue(6);
        assertThat(read(ERRORS, Aggregate.COUNT, 1_000, 2_000)).hasValue(10);
        assertThat(read(ERRORS, Aggregate.COUNT, 0, 3_000)).hasValue(36);
        assertThat(counters.get(Counters.POINTS_ACCEPTED)).isEqualTo(5);
    }

    @Test
    void aGaugeKeepsItsLastValueAcrossFlushesWithItsMinMaxAndAverage() {
        record(QUEUE, MetricType.GAUGE, 5, 100);
        record(QUEUE, MetricType.GAUGE, 50, 200);
        aggregator.flush();
        record(QUEUE, MetricType.GAUGE, 20, 300);
        aggregator.flush();
        record(QUEUE, MetricType.GAUGE, 8, 1_300);
        aggregator.flush();

        assertThat(read(QUEUE, Aggregate.LAST, 0, 1_000)).hasValue(20);
        assertThat(read(QUEUE, Aggregate.LAST, 0, 2_000)).hasValue(8);
        assertThat(read(QUEUE, Aggregate.MIN, 0, 2_000)).hasValue(5);
        assertThat(read(QUEUE, Aggregate.MAX, 0, 2_000)).hasValue(50);
        assertThat(read(QUEUE, Aggregate.AVG, 0, 2_000)).hasValue(20.75);
        assertThat(read(QUEUE, Aggregate.COUNT, 0, 2_000)).hasValue(4);
    }

    @Test
    void aLateGaugePointDoesNotReplaceALaterOne() {
        record(QUEUE, MetricType.GAUGE, 7, 900);
        aggregator.flush();
        record(QUEUE, MetricType.GAUGE, 3, 100);
        aggregator.flush();

        assertThat(read(QUEUE, Aggregate.LAST, 0, 1_000)).hasValue(7);
    }

    @Test
    void aHistogramKeepsCountSumMinMaxAndAverage() {
        for (double millis : new double[] {12, 7, 30, 3, 48}) {
            record(LATENCY, MetricType.HISTOGRAM, millis, 500);
        }
        aggregator.flush();

        assertThat(read(LATENCY, Aggregate.COUNT, 0, 1_000)).hasValue(5);
        assertThat(read(LATENCY, Aggregate.SUM, 0, 1_000)).hasValue(100);
        assertThat(read(LATENCY, Aggregate.MIN, 0, 1_000)).hasValue(3);
        assertThat(read(LATENCY, Aggregate.MAX, 0, 1_000)).hasValue(48);
        assertThat(read(LATENCY, Aggregate.AVG, 0, 1_000)).hasValue(20);
        assertThat(read(LATENCY, Aggregate.RATE, 0, 1_000)).hasValue(5);
    }

    @Test
    void aBucketFlushedInTwoPartsReadsTheSameAsInOne() {
        MemoryStore whole = new MemoryStore(Duration.ofHours(24), clock);
        try (Aggregator once = new Aggregator(SETTINGS, whole, new Counters(), clock)) {
            List<Point> points = List.of(point(LATENCY, MetricType.HISTOGRAM, 4, 100), point(LATENCY, MetricType.HISTOGRAM, 9, 200),
                    point(LATENCY, MetricType.HISTOGRAM, 1, 300), point(LATENCY, MetricType.HISTOGRAM, 6, 400));
            points.forEach(once::record);
            once.flush();
            points.subList(0, 2).forEach(aggregator::record);
            aggregator.flush();
            points.subList(2, 4).forEach(aggregator::record);
            aggregator.flush();
        }

        assertThat(store.attempts()).hasSize(2);
        for (Aggregate aggregate : Aggregate.values()) {
            assertThat(read(LATENCY, aggregate, 0, 1_000)).as(aggregate.wireName())
                    .isEqualTo(whole.read(LATENCY, aggregate, T0, T0.plusSeconds(1)));
        }
    }

    @Test
    void aFlushWithNothingRecordedWritesNothing() {
        aggregator.flush();
        record(ERRORS, MetricType.COUNTER, 1, 0);
        aggregator.flush();
        aggregator.flush();

        assertThat(store.attempts()).hasSize(1);
        assertThat(counters.get(Counters.BATCHES_WRITTEN)).isEqualTo(1);
    }

    @Test
    void eachBatchHasItsOwnIdAndSaysWhenItWasCutAndItsResolution() {
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(1));
            aggregator.record(point(ERRORS, MetricType.COUNTER, 1, clock.millis() - T0.toEpochMilli()));
            aggregator.flush();
        }

        List<FlushBatch> written = store.attemptedBatches();
        assertThat(written).extracting(FlushBatch::id).doesNotHaveDuplicates().hasSize(3);
        assertThat(written).extracting(FlushBatch::createdAtMillis)
                .containsExactly(T0.plusSeconds(1).toEpochMilli(), T0.plusSeconds(2).toEpochMilli(), T0.plusSeconds(3).toEpochMilli());
        assertThat(written).allSatisfy(batch -> assertThat(batch.resolutionMillis()).isEqualTo(1_000));
    }

    @Test
    void aPointOfAnotherTypeThanItsLiveSeriesIsRejectedAndCounted() {
        record(ERRORS, MetricType.COUNTER, 1, 0);

        assertThatThrownBy(() -> record(ERRORS, MetricType.GAUGE, 5, 10))
                .isInstanceOf(InvalidPointException.class)
                .hasMessage("series api.errors is a counter; a gauge point cannot be added")
                .extracting(e -> ((InvalidPointException) e).field()).isEqualTo("type");
        assertThat(counters.get(Counters.POINTS_REJECTED)).isEqualTo(1);
        assertThat(counters.get(Counters.POINTS_ACCEPTED)).isEqualTo(1);
        aggregator.flush();
        assertThat(read(ERRORS, Aggregate.COUNT, 0, 1_000)).hasValue(1);
    }

    @Test
    void aSeriesMayChangeTypeOnceIdleForAWholeFlushInterval() {
        record(ERRORS, MetricType.COUNTER, 1, 0);
        aggregator.flush();
        assertThatThrownBy(() -> record(ERRORS, MetricType.GAUGE, 5, 10)).isInstanceOf(InvalidPointException.class);
        aggregator.flush();

        record(ERRORS, MetricType.GAUGE, 5, 1_000);
        aggregator.flush();
        assertThat(read(ERRORS, Aggregate.LAST, 1_000, 2_000)).hasValue(5);
    }

    @Test
    void aNewSeriesBeyondTheLiveSeriesLimitIsRejectedAndCounted() {
        aggregator = new Aggregator(new IngestSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 10, 2), store, counters, clock);
        record(Series.of("a"), MetricType.COUNTER, 1, 0);
        record(Series.of("b"), MetricType.COUNTER, 1, 0);

        assertThatThrownBy(() -> record(Series.of("c"), MetricType.COUNTER, 1, 0))
                .isInstanceOf(InvalidPointException.class)
                .hasMessageContaining("series c")
                .hasMessageContaining("limit of 2 live series");
        record(Series.of("a"), MetricType.COUNTER, 1, 0);
        assertThat(counters.get(Counters.POINTS_REJECTED)).isEqualTo(1);
        assertThat(aggregator.liveSeries()).isEqualTo(2);

        // two flushes without points for "b" make room again
        aggregator.flush();
        record(Series.of("a"), MetricType.COUNTER, 1, 1_000);
        aggregator.flush();
        record(Series.of("c"), MetricType.COUNTER, 1, 2_000);
        assertThat(aggregator.liveSeries()).isEqualTo(2);
    }

    @Test
    void whileTheStoreIsDownBatchesWaitAndAreWrittenInOrderOnceItRecovers() {
        store.down();
        for (int second = 0; second < 3; second++) {
            record(ERRORS, MetricType.COUNTER, 1, second * 1_000L);
            record(QUEUE, MetricType.GAUGE, second, second * 1_000L);
            aggregator.flush();
        }
        assertThat(aggregator.pendingBatches()).isEqualTo(3);
        assertThat(counters.get(Counters.STORE_ERRORS)).isEqualTo(3);
        List<String> firstAttempts = store.attempts();
        // each flush retries the oldest batch first and stops there
        assertThat(firstAttempts).hasSize(3).containsOnly(firstAttempts.get(0));

        store.up();
        record(ERRORS, MetricType.COUNTER, 1, 3_000);
        aggregator.flush();

        assertThat(aggregator.pendingBatches()).isZero();
        List<String> written = store.attempts().subList(3, 7);
        assertThat(written).doesNotHaveDuplicates().startsWith(firstAttempts.get(0));
        assertThat(written).isSortedAccordingTo((a, b) -> Long.compare(sequence(a), sequence(b)));
        assertThat(read(ERRORS, Aggregate.COUNT, 0, 4_000)).hasValue(4);
        assertThat(read(QUEUE, Aggregate.LAST, 0, 4_000)).hasValue(2);
        assertThat(counters.get(Counters.BATCHES_WRITTEN)).isEqualTo(4);
        assertThat(counters.get(Counters.BATCHES_DROPPED)).isZero();
    }

    @Test
    void aWriteWhoseAnswerWasLostIsRetriedButCountedOnce() {
        store.loseAnswers();
        record(ERRORS, MetricType.COUNTER, 5, 0);
        aggregator.flush();
        assertThat(aggregator.pendingBatches()).isEqualTo(1);

        store.up();
        aggregator.flush();

        assertThat(store.attempts()).hasSize(2).containsOnly(store.attempts().get(0));
        assertThat(read(ERRORS, Aggregate.COUNT, 0, 1_000)).hasValue(5);
    }

    @Test
    void aStepOfTheWallClockNeitherStallsNorHurriesTheRetries() {
        ManualClock elapsed = new ManualClock(T0);
        aggregator.close();
        aggregator = new Aggregator(SETTINGS, store, counters, clock, new StoreHealthTracker(clock), elapsed);
        store.down();
        record(ERRORS, MetricType.COUNTER, 1, 0);
        aggregator.tick();
        assertThat(store.attempts()).hasSize(1);

        // An NTP correction sets the wall clock an hour back: the retry is still due a second later.
        store.up();
        clock.set(T0.minus(Duration.ofHours(1)));
        elapsed.advance(Duration.ofSeconds(1));
        aggregator.tick();
        assertThat(aggregator.pendingBatches()).as("written one second after the failure").isZero();

        // An hour forward does not skip the backoff of the next failure either.
        store.down();
        clock.set(T0);
        record(ERRORS, MetricType.COUNTER, 1, 0);
        aggregator.tick();
        int attempts = store.attempts().size();
        clock.set(T0.plus(Duration.ofHours(1)));
        aggregator.tick();
        assertThat(store.attempts()).as("no attempt before its backoff ran").hasSize(attempts);
    }

    @Test
    void retriesBackOffExponentiallyUpToThirtySeconds() {
        aggregator.close();
        aggregator = new Aggregator(SETTINGS, store, counters, clock, new StoreHealthTracker(clock), clock);
        store.down();
        record(ERRORS, MetricType.COUNTER, 1, 0);
        List<Long> attemptSeconds = new ArrayList<>();
        for (int second = 0; second <= 120; second++) {
            clock.set(T0.plusSeconds(second));
            int before = store.attempts().size();
            aggregator.tick();
            if (store.attempts().size() > before) {
                attemptSeconds.add((long) second);
            }
        }

        assertThat(attemptSeconds).containsExactly(0L, 1L, 3L, 7L, 15L, 31L, 61L, 91L);
        assertThat(counters.get(Counters.STORE_ERRORS)).isEqualTo(8);

        // the store is back, but the next attempt waits for its turn; after it, each tick writes again
        store.up();
        clock.set(T0.plusSeconds(100));
        record(ERRORS, MetricType.COUNTER, 1, 100_000);
        aggregator.tick();
        assertThat(aggregator.pendingBatches()).isEqualTo(2);
        clock.set(T0.plusSeconds(121));
        aggregator.tick();
        assertThat(aggregator.pendingBatches()).isZero();
        clock.set(T0.plusSeconds(122));
        record(ERRORS, MetricType.COUNTER, 1, 122_000);
        aggregator.tick();
        assertThat(aggregator.pendingBatches()).isZero();
        assertThat(read(ERRORS, Aggregate.COUNT, 0, 200_000)).hasValue(3);
    }

    @Test
    void anErrorOfTheFlushReachesTheProcesssUncaughtExceptionHandlerInsteadOfStoppingTheScheduleUnseen() {
        StackOverflowError overflow = new StackOverflowError("a plugin recursed without end (test)");
        List<Throwable> handled = new ArrayList<>();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> handled.add(failure));
        try {
            store.fail(overflow);
            record(ERRORS, MetricType.COUNTER, 1, 0);

            assertThatThrownBy(aggregator::tick).isSameAs(overflow);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
            store.up();
        }
        assertThat(handled).containsExactly(overflow);
    }

    @Test
    void whenTooManyBatchesWaitTheOldestIsDroppedAndCounted() {
        aggregator = new Aggregator(new IngestSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 1_000), store, counters, clock);
        store.down();
        record(ERRORS, MetricType.COUNTER, 1, 0);
        record(ERRORS, MetricType.COUNTER, 1, 1);
        aggregator.flush();
        record(ERRORS, MetricType.COUNTER, 10, 1_000);
        aggregator.flush();
        record(ERRORS, MetricType.COUNTER, 100, 2_000);
        aggregator.flush();

        assertThat(aggregator.pendingBatches()).isEqualTo(2);
        assertThat(counters.get(Counters.BATCHES_DROPPED)).isEqualTo(1);
        assertThat(counters.get(Counters.POINTS_DROPPED)).isEqualTo(2);

        store.up();
        aggregator.flush();
        assertThat(read(ERRORS, Aggregate.COUNT, 0, 3_000)).hasValue(110);
    }

    @Test
    void aLimitOfPendingBucketsThatIsNotPositiveIsRefused() {
        IngestSettings noBuckets = new IngestSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 10, 1_000,
                IngestSettings.DEFAULT_MAX_POINT_AGE, 0);

        assertThatThrownBy(() -> new Aggregator(noBuckets, store, counters, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPendingBuckets=0");
    }

    @Test
    void eightThreadsRecordingAHundredThousandIncrementsEachAreAllCounted() throws Exception {
        int threads = 8;
        int increments = 100_000;
        runConcurrently(threads, thread -> {
            for (int i = 0; i < increments; i++) {
                aggregator.record(point(ERRORS, MetricType.COUNTER, 1, i % 3_000));
            }
        });
        aggregator.flush();

        assertThat(read(ERRORS, Aggregate.COUNT, 0, 3_000)).hasValue(threads * increments);
        assertThat(counters.get(Counters.POINTS_ACCEPTED)).isEqualTo(threads * increments);
    }

    @Test
    void nothingIsLostWhileFlushesRetireAndCutSeriesUnderConcurrentRecording() throws Exception {
        int threads = 8;
        int increments = 100_000;
        AtomicBoolean recording = new AtomicBoolean(true);
        Thread flusher = new Thread(() -> {
            while (recording.get()) {
                aggregator.flush();
            }
        });
        flusher.start();
        try {
            // each thread touches a series only now and then, so flushes retire cells while others reach for them
            runConcurrently(threads, thread -> {
                for (int i = 0; i < increments; i++) {
                    aggregator.record(point(Series.of("jobs." + ((i * 7 + thread) % 50)), MetricType.COUNTER, 1, 0));
                }
            });
        } finally {
            recording.set(false);
            flusher.join();
        }
        aggregator.flush();

        double total = 0;
        for (int s = 0; s < 50; s++) {
            total += read(Series.of("jobs." + s), Aggregate.COUNT, 0, 1_000).orElseThrow();
        }
        assertThat(total).isEqualTo(threads * increments);
        assertThat(aggregator.pendingBatches()).isZero();
    }

    @Test
    void startFlushesOnItsOwnScheduleUntilClosed() {
        aggregator = new Aggregator(new IngestSettings(Duration.ofSeconds(1), Duration.ofMillis(20), 10, 1_000), store, counters, clock);
        aggregator.start();
        record(ERRORS, MetricType.COUNTER, 3, 0);

        await().atMost(Duration.ofSeconds(5)).until(() -> read(ERRORS, Aggregate.COUNT, 0, 1_000).orElseThrow() == 3);
        assertThatThrownBy(aggregator::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeFlushesWhatIsLeftAndRefusesLaterPoints() {
        aggregator.start();
        record(ERRORS, MetricType.COUNTER, 4, 0);
        aggregator.close();

        assertThat(read(ERRORS, Aggregate.COUNT, 0, 1_000)).hasValue(4);
        assertThatThrownBy(() -> record(ERRORS, MetricType.COUNTER, 1, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeWithTheStoreDownTriesOnceThenCountsWhatItDrops() {
        store.down();
        record(ERRORS, MetricType.COUNTER, 1, 0);
        aggregator.flush();
        record(ERRORS, MetricType.COUNTER, 1, 0);
        record(ERRORS, MetricType.COUNTER, 1, 1);
        int attemptsBefore = store.attempts().size();

        aggregator.close();

        assertThat(store.attempts()).hasSize(attemptsBefore + 1);
        assertThat(counters.get(Counters.BATCHES_DROPPED)).isEqualTo(2);
        assertThat(counters.get(Counters.POINTS_DROPPED)).isEqualTo(3);
        assertThat(aggregator.pendingBatches()).isZero();
        assertThat(aggregator.pendingBuckets()).isZero();
    }

    @ParameterizedTest
    @EnumSource(MetricType.class)
    void theAccumulatorAgreesWithStats(MetricType type) {
        BucketAccumulator accumulator = new BucketAccumulator(type);
        Stats folded = Stats.EMPTY;
        double[] values = {3, -1, 8, 8, 2, 0};
        long[] timestamps = {10, 5, 20, 20, 15, 1};
        for (int i = 0; i < values.length; i++) {
            accumulator.add(values[i], timestamps[i]);
            folded = folded.add(type, values[i], timestamps[i]);
        }

        assertThat(accumulator.toStats()).isEqualTo(folded);
        assertThat(accumulator.toStats().sketch().count()).isEqualTo(type == MetricType.HISTOGRAM ? 6 : 0);
        assertThat(new BucketAccumulator(type).toStats()).isEqualTo(Stats.EMPTY);
    }

    @Test
    void percentilesOfAHistogramOverAWindowSpanningBucketsAndTwoFlushesAreWithinOnePercent() {
        Random random = new Random(3);
        double[] latencies = new double[3_000];
        for (int i = 0; i < latencies.length; i++) {
            latencies[i] = -Math.log(1 - random.nextDouble()) * 80;
            // three one-second buckets; the middle one is split over the two flushes
            record(LATENCY, MetricType.HISTOGRAM, latencies[i], i);
            if (i == 1_500) {
                aggregator.flush();
            }
        }
        aggregator.flush();
        double[] sorted = latencies.clone();
        Arrays.sort(sorted);

        assertThat(store.attempts()).hasSize(2);
        for (Aggregate percentile : List.of(Aggregate.P50, Aggregate.P90, Aggregate.P95, Aggregate.P99)) {
            double exact = sorted[(int) Math.floor(percentile.quantile().getAsDouble() * (sorted.length - 1))];
            assertThat(read(LATENCY, percentile, 0, 3_000).getAsDouble()).as(percentile.wireName())
                    .isCloseTo(exact, within(exact * 0.01));
        }
        // the window's first bucket alone
        double[] first = Arrays.copyOfRange(latencies, 0, 1_000);
        Arrays.sort(first);
        double firstP95 = first[(int) Math.floor(0.95 * (first.length - 1))];
        assertThat(read(LATENCY, Aggregate.P95, 0, 1_000).getAsDouble()).isCloseTo(firstP95, within(firstP95 * 0.01));
    }

    @Test
    void percentilesOfCountersAndGaugesAreEmpty() {
        record(ERRORS, MetricType.COUNTER, 1, 0);
        record(QUEUE, MetricType.GAUGE, 7, 0);
        aggregator.flush();

        assertThat(read(ERRORS, Aggregate.P50, 0, 1_000)).isEmpty();
        assertThat(read(QUEUE, Aggregate.P99, 0, 1_000)).isEmpty();
        assertThat(read(LATENCY, Aggregate.P99, 0, 1_000)).isEmpty();
    }

    @Test
    void recordingAHistogramPointAllocatesNothingBeyondItsBins() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        Random random = new Random(5);
        // 200,000 points of one bucket over about 700 bins (0.1 ms to 100 s): a value per point would be 3 MB or more
        Point[] points = new Point[200_000];
        for (int i = 0; i < points.length; i++) {
            points[i] = point(LATENCY, MetricType.HISTOGRAM, Math.pow(10, -1 + random.nextDouble() * 6), i % 1_000);
        }
        aggregator.record(points[0]);
        long before = threads.getThreadAllocatedBytes(self);
        for (Point point : points) {
            aggregator.record(point);
        }
        long allocated = threads.getThreadAllocatedBytes(self) - before;

        // the bins array grows by doubling up to its span: 1 KB, 2 KB, 4 KB, 8 KB of longs
        assertThat(allocated).as("bytes allocated by %s records", points.length).isLessThan(32 * 1024);
        aggregator.flush();
        assertThat(read(LATENCY, Aggregate.COUNT, 0, 1_000)).hasValue(points.length + 1);
    }

    private interface PerThread {
        void run(int thread);
    }

    private static void runConcurrently(int threads, PerThread work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    work.run(thread);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static long sequence(String batchId) {
        return Long.parseLong(batchId.substring(batchId.lastIndexOf('-') + 1));
    }

    private void record(Series series, MetricType type, double value, long millisAfterT0) {
        aggregator.record(point(series, type, value, millisAfterT0));
    }

    private static Point point(Series series, MetricType type, double value, long millisAfterT0) {
        return new Point(series, type, value, T0.toEpochMilli() + millisAfterT0);
    }

    private OptionalDouble read(Series series, Aggregate aggregate, long fromMillis, long toMillis) {
        return memory.read(series, aggregate, T0.plusMillis(fromMillis), T0.plusMillis(toMillis));
    }
}
