package dev.hawkeye.store.redis;

import static dev.hawkeye.store.redis.Fixtures.batch;
import static dev.hawkeye.store.redis.Fixtures.bucket;
import static dev.hawkeye.store.redis.Fixtures.stats;
import static dev.hawkeye.store.redis.Fixtures.storeConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.config.IngestSettings;
import dev.hawkeye.core.ingest.Aggregator;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The connection breaks after Redis applied a batch and before its answer arrived (an
 * {@link AnswerCuttingProxy} loses the answer): the batch is written again under the same id and
 * counted once, whether the store's own retry on a new connection gets through or the batch waits
 * for the aggregator's next flush.
 */
class LostAnswerTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.plain();

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final long T = NOW.toEpochMilli();
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Series SERIES = Series.of("jobs.done");

    private AnswerCuttingProxy proxy;
    private MetricStore store;

    @BeforeEach
    void connectThroughTheProxy() {
        proxy = new AnswerCuttingProxy(REDIS.port());
        store = new RedisStoreFactory(CLOCK).create(storeConfig(proxy.url(), "timeout", "1s", "pool_size", 2));
    }

    @AfterEach
    void close() throws IOException {
        store.close();
        proxy.close();
    }

    private double count() {
        return store.read(SERIES, Aggregate.COUNT, NOW.minusSeconds(60), NOW).orElseThrow();
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
}
