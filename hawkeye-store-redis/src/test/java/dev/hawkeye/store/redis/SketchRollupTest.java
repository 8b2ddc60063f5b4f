package dev.hawkeye.store.redis;

import static dev.hawkeye.store.redis.Fixtures.batch;
import static dev.hawkeye.store.redis.Fixtures.bucket;
import static dev.hawkeye.store.redis.Fixtures.stats;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.QuantileSketch;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesBucket;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.core.store.MemoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bound on histogram sketches: a bucket keeps its own sketch for {@code sketch_detail} (1h by
 * default), while every bucket's bins also go into the sketch of the rollup it starts in
 * ({@code sketch_rollup}, 1m), kept for the retention. A window read takes the buckets' own
 * sketches since the detail cutoff and the rollups' before it, each observation once.
 */
class SketchRollupTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.plain();

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final long T = NOW.toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final Series LATENCY = Series.of("checkout.latency");
    private static final List<Aggregate> PERCENTILES = List.of(Aggregate.P50, Aggregate.P90, Aggregate.P95, Aggregate.P99);
    private static final KeyLayout LAYOUT = new KeyLayout("hawkeye:");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final MemoryStore memory = Fixtures.exactMemoryStore(clock);
    @RegisterExtension
    final OpenStores stores = new OpenStores(REDIS, clock);
    private final Random random = new Random(5);

    /** One-second histogram buckets from {@code first} (inclusive) to {@code last} (exclusive), each of 20 values around {@code scale}. */
    private FlushBatch seconds(String id, long first, long last, double scale) {
        List<SeriesBucket> buckets = new ArrayList<>();
        for (long start = first; start < last; start += 1_000) {
            double[] values = random.doubles(20, scale, scale * 3).toArray();
            buckets.add(bucket(LATENCY, MetricType.HISTOGRAM, start, stats(MetricType.HISTOGRAM, start, values)));
        }
        return batch(id, buckets.toArray(SeriesBucket[]::new));
    }

    private static Set<String> keys(String pattern) {
        return REDIS.admin(r -> r.keys(pattern));
    }

    private void writeBoth(MetricStore redis, FlushBatch batch) {
        redis.write(batch);
        memory.write(batch);
    }

    @Test
    void aBucketsBinsGoIntoItsOwnSketchKeptForTheDetailAndIntoItsRollupKeptForTheRetention() {
        MetricStore redis = stores.open();
        writeBoth(redis, seconds("b-1", T - 90_000, T - 30_000, 10));

        Set<String> ownSketches = keys("hawkeye:{checkout.latency}:b:*:q");
        Set<String> rollups = keys("hawkeye:{checkout.latency}:r:*");
        assertThat(ownSketches).hasSize(60);
        assertThat(rollups).containsExactlyInAnyOrder(LAYOUT.rollupSketchKey(LATENCY, T - 2 * MINUTE),
                LAYOUT.rollupSketchKey(LATENCY, T - MINUTE));
        long ownTtl = REDIS.admin(r -> r.pttl(LAYOUT.sketchKey(LATENCY, T - 45_000)));
        long rollupTtl = REDIS.admin(r -> r.pttl(LAYOUT.rollupSketchKey(LATENCY, T - MINUTE)));
        assertThat(ownTtl).isBetween(Duration.ofMinutes(60).toMillis(), Duration.ofMinutes(61).toMillis());
        assertThat(rollupTtl).isBetween(Duration.ofHours(23).toMillis(), Duration.ofHours(24).toMillis());

        // the rollup [T-1m, T) holds the 30 buckets from T-60s to T-31s, 20 values each
        Map<String, String> rollup = REDIS.admin(r -> r.hgetAll(LAYOUT.rollupSketchKey(LATENCY, T - MINUTE)));
        long binned = rollup.entrySet().stream().filter(e -> e.getKey().matches("[pn]:-?\\d+|z"))
                .mapToLong(e -> Long.parseLong(e.getValue())).sum();
        assertThat(binned).isEqualTo(30 * 20);
    }

    @Test
    void withinTheDetailPercentilesAreThoseOfTheWindowsOwnBuckets() {
        MetricStore redis = stores.open();
        writeBoth(redis, seconds("b-1", T - 90_000, T, 10));

        for (Instant from : List.of(NOW.minusSeconds(80), NOW.minusSeconds(45), NOW.minusSeconds(5))) {
            for (Aggregate percentile : PERCENTILES) {
                assertThat(redis.read(LATENCY, percentile, from, NOW)).as("%s from %s", percentile, from)
                        .isEqualTo(memory.read(LATENCY, percentile, from, NOW));
            }
        }
    }

    @Test
    void beforeTheDetailAWindowsPercentilesCoverTheWholeRollupsItTouches() {
        MetricStore redis = stores.open();
        long twoHoursAgo = T - 120 * MINUTE;
        // a first minute of small values, a second of large ones
        writeBoth(redis, seconds("b-1", twoHoursAgo, twoHoursAgo + MINUTE, 10));
        writeBoth(redis, seconds("b-2", twoHoursAgo + MINUTE, twoHoursAgo + 2 * MINUTE, 1_000));

        Instant minuteStart = Instant.ofEpochMilli(twoHoursAgo);
        for (Aggregate percentile : PERCENTILES) {
            // aligned on the rollups: what the buckets themselves give
            assertThat(redis.read(LATENCY, percentile, minuteStart, minuteStart.plusSeconds(120))).as(percentile.wireName())
                    .isEqualTo(memory.read(LATENCY, percentile, minuteStart, minuteStart.plusSeconds(120)));
            // from the middle of the first minute: all of it counts, as the minute's rollup is read whole
            assertThat(redis.read(LATENCY, percentile, minuteStart.plusSeconds(50), minuteStart.plusSeconds(120)))
                    .as(percentile.wireName()).isEqualTo(memory.read(LATENCY, percentile, minuteStart, minuteStart.plusSeconds(120)));
        }
        // the other aggregates come from the buckets, not the sketches: exactly the window
        for (Aggregate aggregate : List.of(Aggregate.COUNT, Aggregate.MIN, Aggregate.MAX, Aggregate.SUM)) {
            assertThat(redis.read(LATENCY, aggregate, minuteStart.plusSeconds(50), minuteStart.plusSeconds(120)))
                    .as(aggregate.wireName()).isEqualTo(memory.read(LATENCY, aggregate, minuteStart.plusSeconds(50), minuteStart.plusSeconds(120)));
        }
    }

    @Test
    void aWindowAcrossTheDetailCutoffCountsEveryObservationOnce() {
        MetricStore redis = stores.open();
        long cutoff = T - 60 * MINUTE;
        writeBoth(redis, seconds("b-1", cutoff - 2 * MINUTE, cutoff, 10));
        writeBoth(redis, seconds("b-2", cutoff, cutoff + 2 * MINUTE, 1_000));

        Instant from = Instant.ofEpochMilli(cutoff - 2 * MINUTE);
        Instant to = Instant.ofEpochMilli(cutoff + 2 * MINUTE);
        for (Aggregate aggregate : Aggregate.values()) {
            assertThat(redis.read(LATENCY, aggregate, from, to)).as(aggregate.wireName())
                    .isEqualTo(memory.read(LATENCY, aggregate, from, to));
        }
    }

    @Test
    void aDetailAsLongAsTheRetentionKeepsEveryBucketsSketchForTheRetentionAndNoRollups() {
        MetricStore redis = stores.open("retention", "2h", "sketch_detail", "2h");
        writeBoth(redis, seconds("b-1", T - 90 * MINUTE, T - 90 * MINUTE + 10_000, 10));

        assertThat(keys("hawkeye:{checkout.latency}:r:*")).isEmpty();
        long ownTtl = REDIS.admin(r -> r.pttl(LAYOUT.sketchKey(LATENCY, T - 90 * MINUTE)));
        assertThat(ownTtl).isBetween(Duration.ofMinutes(119).toMillis(), Duration.ofMinutes(120).toMillis());
        Instant from = Instant.ofEpochMilli(T - 90 * MINUTE + 5_000);
        for (Aggregate percentile : PERCENTILES) {
            assertThat(redis.read(LATENCY, percentile, from, NOW)).as(percentile.wireName())
                    .isEqualTo(memory.read(LATENCY, percentile, from, NOW));
        }
    }

    @Test
    void noDetailKeepsOnlyTheRollups() {
        MetricStore redis = stores.open("sketch_detail", "0s", "sketch_rollup", "10s");
        writeBoth(redis, seconds("b-1", T - 30_000, T, 10));

        assertThat(keys("hawkeye:{checkout.latency}:b:*:q")).isEmpty();
        assertThat(keys("hawkeye:{checkout.latency}:r:*")).hasSize(3);
        Instant from = NOW.minusSeconds(30);
        for (Aggregate percentile : PERCENTILES) {
            assertThat(redis.read(LATENCY, percentile, from.plusSeconds(5), NOW)).as(percentile.wireName())
                    .isEqualTo(memory.read(LATENCY, percentile, from, NOW));
            assertThat(redis.read(LATENCY, percentile, from.plusSeconds(5), NOW).getAsDouble())
                    .isBetween(10.0 * (1 - QuantileSketch.RELATIVE_ACCURACY), 30.0 * (1 + QuantileSketch.RELATIVE_ACCURACY));
        }
    }
}
