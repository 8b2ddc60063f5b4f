package dev.hawkeye.store.redis;

import static dev.hawkeye.store.redis.Fixtures.batch;
import static dev.hawkeye.store.redis.Fixtures.bucket;
import static dev.hawkeye.store.redis.Fixtures.stats;
import static dev.hawkeye.store.redis.Fixtures.storeConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesBucket;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.store.StoreException;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.config.IngestSettings;
import dev.hawkeye.core.ingest.Aggregator;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The connection breaks after Redis applied a batch and before its answer arrived (an
 * {@link AnswerCuttingProxy} loses the answer): the batch is written again under the same id and
 * counted once, whether the store's own retry on a new connection gets through or the batch waits
 * for the aggregator's next flush. A batch written in several chunks loses the answer to its first
 * chunk, after which Redis may or may not have run the others: each is still counted once.
 */
class LostAnswerTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.plain();

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final long T = NOW.toEpochMilli();
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Series SERIES = Series.of("jobs.done");

    /** Chunks of 3 buckets. */
    private static final int CHUNK = 3;

    private AnswerCuttingProxy proxy;
    private MetricStore store;

    @BeforeEach
    void connectThroughTheProxy() {
        proxy = new AnswerCuttingProxy(REDIS.port());
        store = new RedisStoreFactory(CLOCK).create(storeConfig(proxy.url(), "timeout", "1s", "pool_size", 2,
                "write_chunk", CHUNK));
    }

    @AfterEach
    void close() throws IOException {
        store.close();
        proxy.close();
    }

    private double count() {
        return count(SERIES);
    }

    private double count(Series series) {
        return store.read(series, Aggregate.COUNT, NOW.minusSeconds(60), NOW).orElseThrow();
    }

    /** A bucket of each of {@code n} series, series {@code worker=i} counted {@code i % 7 + 1} times. */
    private static FlushBatch workers(String id, int n) {
        List<SeriesBucket> buckets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] ones = new double[i % 7 + 1];
            Arrays.fill(ones, 1);
            buckets.add(bucket(worker(i), MetricType.COUNTER, T - 1_000, stats(T - 1_000, ones)));
        }
        return new FlushBatch(id, 0, 1_000, buckets);
    }

    private static Series worker(int i) {
        return Series.of("jobs.done", Map.of("worker", Integer.toString(i)));
    }

    /** Whether each of the {@code n} series holds its count {@code times} times. */
    private void assertWorkersCounted(int n, int times) {
        for (int i = 0; i < n; i++) {
            assertThat(count(worker(i))).as("count of %s", worker(i)).isEqualTo(times * (i % 7 + 1));
        }
    }

    /** The chunks of the batch applied: the fields of its marker. */
    private static Set<String> markerFields(String batchId) {
        return REDIS.admin(r -> r.hkeys("hawkeye:batch:" + batchId));
    }

    @Test
    void aBatchWhoseAnswerIsLostIsSentAgainOnANewConnectionAndCountedOnce() {
        store.write(batch("b-1", bucket(SERIES, MetricType.COUNTER, T - 1_000, stats(T - 1_000, 1))));
        proxy.cutScriptAnswers(1);

        store.write(batch("b-2", bucket(SERIES, MetricType.COUNTER, T - 1_000, stats(T - 1_000, 1, 1, 1))));

        assertThat(proxy.cuts()).as("the answer was lost").isEqualTo(1);
        assertThat(count()).isEqualTo(4);
    }

    @Test
    void aBatchWhoseAnswerIsLostTwiceWaitsForTheNextFlushAndIsCountedOnce() {
        Counters counters = new Counters();
        try (Aggregator aggregator = new Aggregator(IngestSettings.DEFAULTS, store, counters, CLOCK)) {
            for (int i = 0; i < 1_000; i++) {
                aggregator.record(new Point(SERIES, MetricType.COUNTER, 1, T - 500));
            }
            // The first attempt and the store's own retry on a new connection both lose their answer.
            proxy.cutScriptAnswers(2);

            aggregator.flush();

            assertThat(proxy.cuts()).isEqualTo(2);
            assertThat(aggregator.pendingBatches()).as("kept for a retry").isEqualTo(1);
            assertThat(counters.get(Counters.STORE_ERRORS)).isEqualTo(1);
            assertThat(count()).as("Redis applied it the first time").isEqualTo(1_000);

            aggregator.flush();

            assertThat(aggregator.pendingBatches()).isZero();
            assertThat(counters.get(Counters.BATCHES_WRITTEN)).isEqualTo(1);
            assertThat(counters.get(Counters.BATCHES_DROPPED)).isZero();
            assertThat(count()).as("the retry was not applied again").isEqualTo(1_000);
        }
    }

    @Test
    void aChunkedBatchWhoseAnswerIsLostIsSentAgainAndEachChunkCountedOnce() {
        store.write(workers("warm-up", 11));
        proxy.cutScriptAnswers(1);

        store.write(workers("b-2", 11));

        assertThat(proxy.cuts()).as("the first chunk's answer was lost").isEqualTo(1);
        assertWorkersCounted(11, 2);
        assertThat(markerFields("b-2")).as("4 chunks").containsExactlyInAnyOrder("0", "1", "2", "3");
    }

    @Test
    void aChunkedBatchThatFailedAfterItsFirstChunkIsCompletedByTheRetryAndCountedOnce() {
        store.write(batch("warm-up", bucket(SERIES, MetricType.COUNTER, T - 1_000, stats(T - 1_000, 1))));
        // 1,000 chunks: when the connection breaks, Redis has run some of them and perhaps not all.
        int n = 3_000;
        FlushBatch big = workers("b-1", n);
        // The first attempt and the store's own retry on a new connection both lose the first chunk's answer.
        proxy.cutScriptAnswers(2);

        assertThatThrownBy(() -> store.write(big)).isInstanceOf(StoreException.class);

        assertThat(proxy.cuts()).isEqualTo(2);
        assertThat(markerFields("b-1")).as("Redis applied at least the first chunk").contains("0");

        store.write(big);

        assertWorkersCounted(n, 1);
        assertThat(markerFields("b-1")).hasSize(n / CHUNK);
    }
}
