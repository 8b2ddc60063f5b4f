package dev.hawkeye.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.config.IngestSettings;
import dev.hawkeye.core.store.MemoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A store write slower than the flush interval (a paused Redis, one taking more buckets than it
 * can) holds up no cut: batches are cut on schedule while it runs, so what waits for the store is
 * bounded by {@code max_pending_buckets}, the oldest dropped and counted, instead of piling up in
 * the series' open buckets beyond every limit. Once the store answers, every point is either
 * stored or counted as dropped, and the spell's end is logged, so that the next one's first drop is
 * logged again.
 */
class ASlowStoreWriteHoldsUpNoCutTest {
    private static final int SERIES = 100;
    private static final int MAX_PENDING_BUCKETS = 250;

    private final Clock clock = Clock.systemUTC();
    private final MemoryStore memory = new MemoryStore(Duration.ofHours(1), clock);
    private final FlakyStore store = new FlakyStore(memory);
    private final Counters counters = new Counters();
    // Flushed every 20 ms: a batch holds a bucket of each series, two when it spans a second's end.
    private final Aggregator aggregator = new Aggregator(new IngestSettings(Duration.ofSeconds(1), Duration.ofMillis(20), 1_000,
            10_000, IngestSettings.DEFAULT_MAX_POINT_AGE, MAX_PENDING_BUCKETS), store, counters, clock);
    private long recorded;
    private long mostPendingBuckets;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        log.start();
        ((Logger) LoggerFactory.getLogger(PendingBatches.class)).addAppender(log);
    }

    @AfterEach
    void close() {
        store.up();
        aggregator.close();
        ((Logger) LoggerFactory.getLogger(PendingBatches.class)).detachAppender(log);
    }

    @Test
    void whileAWriteHangsTheBatchesAreCutOnScheduleAndTheOldestDroppedBeyondMaxPendingBuckets() {
        aggregator.start();
        store.hang();
        recordEverySeries();
        await().atMost(Duration.ofSeconds(5)).until(() -> !store.attempts().isEmpty());

        // The write of the first batch hangs; the points keep coming, one per series every few milliseconds.
        await().atMost(Duration.ofSeconds(10)).pollInSameThread().pollInterval(Duration.ofMillis(5)).until(() -> {
            recordEverySeries();
            mostPendingBuckets = Math.max(mostPendingBuckets, aggregator.pendingBuckets());
            return counters.get(Counters.BATCHES_DROPPED) >= 5;
        });

        assertThat(store.attempts()).as("the hung write, no other").hasSize(1);
        assertThat(aggregator.pendingBatches()).isGreaterThan(1);
        // The batch being written (a bucket a series) and the newest (at most two) are kept whatever the limit.
        assertThat(mostPendingBuckets).isLessThanOrEqualTo(Math.max(MAX_PENDING_BUCKETS, 3 * SERIES));

        store.up();
        aggregator.flush();
        Instant now = clock.instant();
        double stored = 0;
        for (int i = 0; i < SERIES; i++) {
            stored += memory.read(series(i), Aggregate.COUNT, now.minusSeconds(600), now.plusSeconds(1)).orElse(0);
        }
        assertThat(counters.get(Counters.POINTS_ACCEPTED)).isEqualTo(recorded);
        assertThat((long) stored + counters.get(Counters.POINTS_DROPPED)).as("every point stored or counted as dropped")
                .isEqualTo(recorded);
        assertThat(aggregator.pendingBatches()).isZero();
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(message -> message.startsWith("dropped the oldest unwritten batch"))
                .anyMatch(message -> message.contains("has caught up"));
    }

    @Test
    void eachSpellOfSlowWritesLogsItsFirstDropAgain() {
        aggregator.start();
        for (int spell = 1; spell <= 2; spell++) {
            store.hang();
            long droppedBefore = counters.get(Counters.BATCHES_DROPPED);
            await().atMost(Duration.ofSeconds(10)).pollInSameThread().pollInterval(Duration.ofMillis(5)).until(() -> {
                recordEverySeries();
                return counters.get(Counters.BATCHES_DROPPED) > droppedBefore;
            });
            store.up();
            aggregator.flush();
        }

        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                .filteredOn(message -> message.startsWith("dropped the oldest unwritten batch")).hasSize(2);
    }

    private void recordEverySeries() {
        long now = clock.millis();
        for (int i = 0; i < SERIES; i++) {
            aggregator.record(new Point(series(i), MetricType.COUNTER, 1, now));
            recorded++;
        }
    }

    private static Series series(int index) {
        return Series.of("jobs.done", Map.of("worker", "w" + index));
    }
}
