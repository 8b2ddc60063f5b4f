package dev.hawkeye.store.redis;

import static dev.hawkeye.store.redis.Fixtures.bucket;
import static dev.hawkeye.store.redis.Fixtures.stats;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesBucket;
import dev.hawkeye.api.store.MetricStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A batch of more than {@code write_chunk} buckets is written as one script per chunk, each with
 * its own field in the batch's marker: the whole batch is applied, each chunk exactly once, also
 * when a retry follows a write that applied only some of the chunks.
 */
class ChunkedWriteTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.plain();

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final long T = NOW.toEpochMilli();
    private static final String MARKER = "hawkeye:batch:big";

    @RegisterExtension
    final OpenStores stores = new OpenStores(REDIS, Clock.fixed(NOW, ZoneOffset.UTC));

    private static Series series(int i) {
        return Series.of("jobs.done", Map.of("worker", Integer.toString(i)));
    }

    /** One counter bucket for each of {@code n} series; series {@code i} counted {@code i + 1} times. */
    private static List<SeriesBucket> counters(int n) {
        List<SeriesBucket> buckets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] ones = new double[i + 1];
            Arrays.fill(ones, 1);
            buckets.add(bucket(series(i), MetricType.COUNTER, T - 1_000, stats(T - 1_000, ones)));
        }
        return buckets;
    }

    private static FlushBatch batch(List<SeriesBucket> buckets) {
        return new FlushBatch("big", 0, 1_000, buckets);
    }

    private static void assertEachSeriesCountedOnce(MetricStore store, int n) {
        for (int i = 0; i < n; i++) {
            assertThat(store.read(series(i), Aggregate.COUNT, NOW.minusSeconds(60), NOW))
                    .as("count of %s", series(i)).hasValue(i + 1);
        }
    }

    /** The chunks of the batch "big" applied: the fields of its marker. */
    private static Set<String> markerFields() {
        return REDIS.admin(r -> r.hkeys(MARKER));
    }

    private static long markerTtl() {
        return REDIS.admin(r -> r.ttl(MARKER));
    }

    /** How many scripts (writes and reads) Redis ran by SHA-1 since the last {@code CONFIG RESETSTAT}. */
    private static long scriptsRun() {
        String stats = REDIS.admin(r -> r.info("commandstats"));
        Matcher calls = Pattern.compile("cmdstat_evalsha:calls=(\\d+)").matcher(stats);
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }

    private static void loadScriptAndResetStats(MetricStore store) {
        store.write(new FlushBatch("warm-up", 0, 1_000, List.of(bucket(Series.of("warm.up"), MetricType.COUNTER, T - 1_000,
                stats(T - 1_000, 1)))));
        REDIS.admin(r -> r.configResetStat());
    }

    @Test
    void aBatchOfManyChunksIsAppliedWholeOneScriptPerChunk() {
        MetricStore store = stores.open("write_chunk", 3);
        loadScriptAndResetStats(store);

        store.write(batch(counters(10)));

        assertThat(scriptsRun()).as("10 buckets in chunks of 3").isEqualTo(4);
        assertEachSeriesCountedOnce(store, 10);
        assertThat(markerFields()).containsExactlyInAnyOrder("0", "1", "2", "3");
        assertThat(markerTtl()).as("the marker's TTL: the retention").isBetween(86_000L, 86_400L);
    }

    @Test
    void aBatchOfOneChunkIsOneScript() {
        MetricStore store = stores.open("write_chunk", 10);
        loadScriptAndResetStats(store);

        store.write(batch(counters(10)));

        assertThat(scriptsRun()).isEqualTo(1);
        assertEachSeriesCountedOnce(store, 10);
        assertThat(markerFields()).containsExactly("0");
    }

    @Test
    void aRetryAfterTheFirstChunksWereAppliedAppliesOnlyTheOthers() {
        MetricStore store = stores.open("write_chunk", 3);
        List<SeriesBucket> buckets = counters(10);
        // A write that broke off after its first two chunks: the same id and the same first buckets.
        store.write(batch(buckets.subList(0, 6)));
        assertThat(markerFields()).containsExactlyInAnyOrder("0", "1");

        store.write(batch(buckets));
        store.write(batch(buckets));

        assertEachSeriesCountedOnce(store, 10);
        assertThat(markerFields()).containsExactlyInAnyOrder("0", "1", "2", "3");
    }

    @Test
    void aChunkWhoseMarkerIsSetIsNotAppliedAgainWhereverItIs() {
        MetricStore store = stores.open("write_chunk", 3);
        // As if chunk 2 (buckets 6 to 8) had been applied: its marker field alone, without its data.
        REDIS.admin(r -> r.hset(MARKER, "2", "1"));

        store.write(batch(counters(10)));

        for (int i = 0; i < 10; i++) {
            double expected = i >= 6 && i <= 8 ? 0 : i + 1;
            assertThat(store.read(series(i), Aggregate.COUNT, NOW.minusSeconds(60), NOW))
                    .as("count of %s", series(i)).hasValue(expected);
        }
    }

    @Test
    void aBatchWhoseScriptRedisForgotIsAppliedWhole() {
        MetricStore store = stores.open("write_chunk", 3);
        loadScriptAndResetStats(store);
        REDIS.admin(r -> r.scriptFlush());

        store.write(batch(counters(10)));

        assertEachSeriesCountedOnce(store, 10);
        assertThat(markerFields()).hasSize(4);
    }

    @Test
    void histogramsWrittenInChunksReadAsWrittenInOneScript() {
        Random random = new Random(11);
        List<SeriesBucket> buckets = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            double[] values = random.doubles(40, 1, 5_000).toArray();
            buckets.add(bucket(Series.of("latency"), MetricType.HISTOGRAM, T - 60_000 + i * 1_000,
                    stats(MetricType.HISTOGRAM, T - 60_000 + i * 1_000, values)));
        }
        MetricStore chunked = stores.open("write_chunk", 4, "key_prefix", "chunked:");
        MetricStore whole = stores.open("write_chunk", 1_000, "key_prefix", "whole:");
        loadScriptAndResetStats(chunked);

        chunked.write(batch(buckets));
        whole.write(batch(buckets));

        assertThat(scriptsRun()).as("40 bins a bucket, at most 16 a chunk: one bucket a chunk, then one script")
                .isEqualTo(12 + 1);
        for (Aggregate aggregate : List.of(Aggregate.COUNT, Aggregate.SUM, Aggregate.P50, Aggregate.P99, Aggregate.MAX)) {
            assertThat(chunked.read(Series.of("latency"), aggregate, NOW.minusSeconds(120), NOW))
                    .as("%s", aggregate)
                    .isEqualTo(whole.read(Series.of("latency"), aggregate, NOW.minusSeconds(120), NOW));
        }
    }
}
