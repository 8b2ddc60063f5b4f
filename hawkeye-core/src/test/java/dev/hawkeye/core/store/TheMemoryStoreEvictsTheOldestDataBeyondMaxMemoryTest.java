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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Over {@code max_memory} (by its estimate) the memory store evicts the oldest data of all series,
 * counts and logs it with how far back the data now reaches, and keeps the newest, readable: the
 * seconds it keeps of a minute it cut into too, once that minute is rolled up.
 */
class TheMemoryStoreEvictsTheOldestDataBeyondMaxMemoryTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final long MAX_MEMORY = 1L << 20;
    private static final int SERIES = 100;

    private final ManualClock clock = new ManualClock(T0);
    private final MemoryStore store = new MemoryStore(new MemoryStoreSettings(Duration.ofHours(24), 100_000,
            Duration.ofMinutes(10), Duration.ofMinutes(1), MAX_MEMORY), clock);
    @RegisterExtension
    final LogCapture log = LogCapture.of(MemoryStore.class);
    private int batches;

    @Test
    void theOldestSecondsOfAllSeriesGoFirstAndTheNewestAreKept() {
        // One series written only in the first ten seconds: the oldest data of all.
        for (int second = 0; second < 10; second++) {
            write(List.of(counter(Series.of("early"), second)));
        }
        int seconds = 400;
        for (int second = 0; second < seconds; second++) {
            clock.set(T0.plusSeconds(second));
            writeEverySeries(second);
            assertThat(store.estimatedBytes()).as("estimate after second %d", second).isLessThanOrEqualTo(MAX_MEMORY);
        }

        Instant reach = store.reachesBackTo();
        assertThat(store.bucketsEvicted()).isPositive();
        assertThat(reach).isAfter(T0.plusSeconds(10)).isBefore(T0.plusSeconds(seconds - 60));
        // Everything from the reach on is there, nothing before it, for every series.
        long kept = seconds - reach.getEpochSecond() + T0.getEpochSecond();
        for (int i = 0; i < SERIES; i++) {
            Series series = series(i);
            assertThat(count(series, T0, T0.plusSeconds(seconds))).isEqualTo(kept);
            assertThat(count(series, T0, reach)).isZero();
        }
        // The early series had nothing newer than the reach: it is forgotten.
        assertThat(store.seriesCount()).isEqualTo(SERIES);
        assertThat(store.bucketCount()).isEqualTo(SERIES * kept);
        // Each eviction goes down to 90% of max_memory: about a tenth of it is evicted at a time.
        assertThat(store.estimatedBytes()).isGreaterThan(MAX_MEMORY * 7 / 10);
        assertThat(store.bucketsEvicted()).isEqualTo(10 + SERIES * (seconds - kept));
        assertThat(store.counters()).containsEntry("store.buckets.evicted", store.bucketsEvicted());
    }

    @Test
    void eachLogLineSaysHowFarBackTheDataNowReachesAndTheTotalOnceAMinuteAtMost() {
        int logged = 0;
        for (int second = 0; second < 600; second++) {
            clock.set(T0.plusSeconds(second));
            writeEverySeries(second);
            if (log.messages().size() > logged) {
                logged = log.messages().size();
                assertThat(log.messages().get(logged - 1))
                        .matches("memory store full \\(max_memory 1MB\\): evicted \\d+ bucket\\(s\\) and rollup\\(s\\), the oldest "
                                + "first; data now reaches back to .*; \\d+ evicted since it started \\(logged at most once a minute\\)")
                        .contains("data now reaches back to " + store.reachesBackTo() + ";")
                        .contains("; " + store.bucketsEvicted() + " evicted since it started");
            }
        }
        // Evictions every 20 s or so, logged at most once a minute: the first near 00:03, then 00:04, ...
        assertThat(logged).isBetween(5, 8);
    }

    @Test
    void aBucketThatStartsBeforeTheReachIsDroppedAndCounted() {
        for (int second = 0; second < 400; second++) {
            clock.set(T0.plusSeconds(second));
            writeEverySeries(second);
        }
        Instant reach = store.reachesBackTo();

        write(List.of(counter(series(0), 5)));

        assertThat(store.bucketsDroppedBeforeReach()).isEqualTo(1);
        assertThat(count(series(0), T0, reach)).isZero();
    }

    @Test
    void theSecondsKeptOfAMinuteThatEvictionCutIntoStayReadableOnceItIsRolledUp() {
        int written = writeEverySeriesUntilAnEviction(0);
        long cut = secondsSinceT0(store.reachesBackTo());
        assertThat(cut % 60).as("the eviction cut into a minute").isNotZero();
        assertThat(store.bucketsEvicted()).isEqualTo(SERIES * cut);
        Instant minuteEnd = T0.plusSeconds((cut / 60 + 1) * 60);
        long kept = secondsSinceT0(minuteEnd) - cut;

        // Past the detail of all that was written: read as rollups, then rolled up by the next write.
        Instant later = T0.plusSeconds((written / 60 + 1) * 60).plus(Duration.ofMinutes(11));
        clock.set(later);
        assertThat(count(series(0), T0, minuteEnd)).isEqualTo(kept);
        write(List.of(counter(Series.of("other"), (int) secondsSinceT0(later))));
        assertThat(store.bucketCount()).isEqualTo(SERIES * ((written + 59) / 60) + 1);

        for (int i = 0; i < SERIES; i++) {
            assertThat(count(series(i), T0, minuteEnd)).isEqualTo(kept);
            assertThat(count(series(i), store.reachesBackTo(), minuteEnd)).isEqualTo(kept);
            assertThat(count(series(i), T0, T0.plusSeconds(written))).isEqualTo(written - cut);
        }
        assertThat(store.bucketsEvicted()).isEqualTo(SERIES * cut);
    }

    @Test
    void aLateBucketInTheSecondsKeptOfARolledUpMinuteIsStoredAndOneBeforeThemIsDropped() {
        int written = writeEverySeriesUntilAnEviction(0);
        long cut = secondsSinceT0(store.reachesBackTo());
        Instant minuteEnd = T0.plusSeconds((cut / 60 + 1) * 60);
        Instant later = T0.plusSeconds((written / 60 + 1) * 60).plus(Duration.ofMinutes(11));
        clock.set(later);
        write(List.of(counter(Series.of("other"), (int) secondsSinceT0(later))));
        double before = count(series(0), T0, minuteEnd);

        write(List.of(counter(series(0), (int) cut)));
        write(List.of(counter(series(0), (int) cut - 1)));

        assertThat(count(series(0), T0, minuteEnd)).isEqualTo(before + 1);
        assertThat(store.bucketsDroppedBeforeReach()).isEqualTo(1);
    }

    @Test
    void evictingTheRollupOfAMinuteThatAnEarlierEvictionCutIntoIsCountedExactly() {
        int written = writeEverySeriesUntilAnEviction(0);
        int second = (written / 60 + 1) * 60 + 11 * 60;
        clock.set(T0.plusSeconds(second));
        write(List.of(counter(Series.of("other"), second)));
        long evicted = store.bucketsEvicted();
        int rollups = store.rollupCount();

        // Every write adds a bucket to each series and rolls up nothing (all is within the detail): what
        // goes from the store is what was evicted.
        while (store.rollupCount() == rollups) {
            int held = store.bucketCount();
            clock.set(T0.plusSeconds(second));
            writeEverySeries(second++);
            assertThat(store.bucketsEvicted() - evicted).as("evicted at %s", clock.instant())
                    .isEqualTo(held + SERIES - store.bucketCount());
            evicted = store.bucketsEvicted();
        }
        assertThat(store.rollupCount()).as("the rollups were evicted").isZero();
    }

    @Test
    void aHistogramsSketchCountsInTheEstimate() {
        write(List.of(histogram(Series.of("counted"), 0, 1)));
        long before = store.estimatedBytes();
        write(List.of(histogram(Series.of("counted"), 1, 1)));
        long oneBin = store.estimatedBytes() - before;

        double[] values = new double[500];
        for (int i = 0; i < values.length; i++) {
            values[i] = 1 + i * 0.05;
        }
        SeriesBucket wide = histogram(Series.of("counted"), 2, values);
        before = store.estimatedBytes();
        write(List.of(wide));
        long manyBins = store.estimatedBytes() - before;

        // 12 bytes a bin (an int index and a long count) more than a sketch of one bin
        assertThat(wide.stats().sketch().binCount()).isGreaterThan(100);
        assertThat(manyBins - oneBin).isGreaterThanOrEqualTo((wide.stats().sketch().binCount() - 1) * 12L);
    }

    /** Writes a bucket of every series each second from {@code second} on until an eviction; returns the second after the last written. */
    private int writeEverySeriesUntilAnEviction(int second) {
        long evicted = store.bucketsEvicted();
        while (store.bucketsEvicted() == evicted) {
            clock.set(T0.plusSeconds(second));
            writeEverySeries(second++);
        }
        return second;
    }

    private static long secondsSinceT0(Instant instant) {
        return instant.getEpochSecond() - T0.getEpochSecond();
    }

    private void writeEverySeries(int second) {
        List<SeriesBucket> buckets = new ArrayList<>();
        for (int i = 0; i < SERIES; i++) {
            buckets.add(counter(series(i), second));
        }
        write(buckets);
    }

    private void write(List<SeriesBucket> buckets) {
        store.write(new FlushBatch("batch-" + ++batches, clock.millis(), 1_000, buckets));
    }

    private double count(Series series, Instant from, Instant to) {
        return store.read(series, Aggregate.COUNT, from, to).getAsDouble();
    }

    private static Series series(int i) {
        return Series.of("app.requests", Map.of("host", "web-" + i));
    }

    private static SeriesBucket counter(Series series, int second) {
        long start = T0.plusSeconds(second).toEpochMilli();
        return new SeriesBucket(series, MetricType.COUNTER, start, Stats.of(1, start));
    }

    private static SeriesBucket histogram(Series series, int second, double... values) {
        long start = T0.plusSeconds(second).toEpochMilli();
        Stats stats = Stats.EMPTY;
        for (double value : values) {
            stats = stats.add(MetricType.HISTOGRAM, value, start);
        }
        return new SeriesBucket(series, MetricType.HISTOGRAM, start, stats);
    }
}
