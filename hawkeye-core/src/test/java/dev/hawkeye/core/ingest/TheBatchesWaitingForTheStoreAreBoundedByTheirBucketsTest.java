package dev.hawkeye.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.config.IngestSettings;
import dev.hawkeye.core.store.MemoryStore;
import dev.hawkeye.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * While the store is down, the flushed batches wait bounded by {@code max_pending_buckets} as well as
 * by {@code max_pending_batches}: a batch holds one bucket per live series, so with many series a few
 * batches already hold a lot of memory. The oldest are dropped, counted and logged; the newest is kept.
 */
class TheBatchesWaitingForTheStoreAreBoundedByTheirBucketsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int SERIES_PER_BATCH = 100;

    private final ManualClock clock = new ManualClock(T0);
    private final Counters counters = new Counters();
    private final MemoryStore memory = new MemoryStore(Duration.ofHours(24), clock);
    private final FlakyStore store = new FlakyStore(memory);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private Aggregator aggregator;

    @BeforeEach
    void captureLog() {
        log.start();
        ((Logger) LoggerFactory.getLogger(PendingBatches.class)).addAppender(log);
    }

    @AfterEach
    void closeAggregatorAndReleaseLog() {
        aggregator.close();
        ((Logger) LoggerFactory.getLogger(PendingBatches.class)).detachAppender(log);
    }

    @Test
    void beyondMaxPendingBucketsTheOldestBatchesAreDroppedThoughFewerThanMaxPendingBatchesWait() {
        aggregator = aggregator(10, 250);
        store.down();

        // second s: every series gets s + 1 points, so the dropped points say which batches went
        for (int second = 0; second < 5; second++) {
            flushSecond(second);
        }

        assertThat(aggregator.pendingBatches()).isEqualTo(2);
        assertThat(aggregator.pendingBuckets()).isEqualTo(2L * SERIES_PER_BATCH);
        assertThat(counters.get(Counters.BATCHES_DROPPED)).isEqualTo(3);
        assertThat(counters.get(Counters.POINTS_DROPPED)).isEqualTo((1 + 2 + 3) * SERIES_PER_BATCH);
        assertThat(dropWarnings()).singleElement().asString()
                .contains("ingest.max_pending_buckets: 250").contains("300 buckets").doesNotContain("max_pending_batches");
    }

    @Test
    void theNewestBatchIsKeptEvenWhenItAloneHoldsMoreThanMaxPendingBuckets() {
        aggregator = aggregator(10, SERIES_PER_BATCH / 2);
        store.down();

        flushSecond(0);
        assertThat(aggregator.pendingBatches()).isEqualTo(1);
        assertThat(counters.get(Counters.BATCHES_DROPPED)).isZero();

        flushSecond(1);
        assertThat(aggregator.pendingBatches()).isEqualTo(1);
        assertThat(aggregator.pendingBuckets()).isEqualTo(SERIES_PER_BATCH);
        assertThat(counters.get(Counters.BATCHES_DROPPED)).isEqualTo(1);
        assertThat(counters.get(Counters.POINTS_DROPPED)).isEqualTo(SERIES_PER_BATCH);

        store.up();
        aggregator.flush();
        assertThat(count(0, 2)).hasValue(2);
    }

    @Test
    void onceTheStoreIsBackTheKeptBatchesAreWrittenInOrderAndTheNextOutageIsBoundedAgain() {
        aggregator = aggregator(10, 250);
        store.down();
        for (int second = 0; second < 5; second++) {
            flushSecond(second);
        }
        int attemptsWhileDown = store.attempts().size();

        store.up();
        aggregator.flush();

        List<FlushBatch> written = store.attemptedBatches().subList(attemptsWhileDown, store.attempts().size());
        assertThat(written).extracting(FlushBatch::pointCount).containsExactly(4L * SERIES_PER_BATCH, 5L * SERIES_PER_BATCH);
        assertThat(aggregator.pendingBatches()).isZero();
        assertThat(aggregator.pendingBuckets()).isZero();
        assertThat(count(0, 5)).hasValue(4 + 5);

        store.down();
        for (int second = 5; second < 8; second++) {
            flushSecond(second);
        }

        assertThat(aggregator.pendingBatches()).isEqualTo(2);
        assertThat(aggregator.pendingBuckets()).isEqualTo(2L * SERIES_PER_BATCH);
        assertThat(counters.get(Counters.BATCHES_DROPPED)).isEqualTo(3 + 1);
        assertThat(counters.get(Counters.POINTS_DROPPED)).isEqualTo((1 + 2 + 3 + 6) * SERIES_PER_BATCH);
        assertThat(dropWarnings()).as("one per outage").hasSize(2);
    }

    @Test
    void theDropWarningNamesMaxPendingBatchesWhenTheBatchCountIsWhatRanOut() {
        aggregator = aggregator(2, 1_000_000);
        store.down();

        for (int second = 0; second < 3; second++) {
            flushSecond(second);
        }

        assertThat(counters.get(Counters.BATCHES_DROPPED)).isEqualTo(1);
        assertThat(dropWarnings()).singleElement().asString()
                .contains("ingest.max_pending_batches: 2").doesNotContain("max_pending_buckets");
    }

    private Aggregator aggregator(int maxPendingBatches, int maxPendingBuckets) {
        return new Aggregator(new IngestSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), maxPendingBatches, 1_000,
                IngestSettings.DEFAULT_MAX_POINT_AGE, maxPendingBuckets), store, counters, clock);
    }

    /** Gives every series {@code second + 1} points in that second's bucket, then flushes them as one batch. */
    private void flushSecond(int second) {
        clock.set(T0.plusSeconds(second));
        for (int series = 0; series < SERIES_PER_BATCH; series++) {
            for (int point = 0; point <= second; point++) {
                aggregator.record(new Point(series(series), MetricType.COUNTER, 1, clock.millis()));
            }
        }
        aggregator.flush();
    }

    private static Series series(int index) {
        return Series.of("jobs.done", Map.of("worker", "w" + index));
    }

    /** The points of the first series between these seconds, as the store has them. */
    private OptionalDouble count(int fromSecond, int toSecond) {
        return memory.read(series(0), Aggregate.COUNT, T0.plusSeconds(fromSecond), T0.plusSeconds(toSecond));
    }

    private List<String> dropWarnings() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).filter(message -> message.startsWith("dropped the oldest"))
                .toList();
    }
}
