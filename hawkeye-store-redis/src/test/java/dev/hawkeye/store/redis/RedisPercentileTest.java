package dev.hawkeye.store.redis;

import static dev.hawkeye.store.redis.Fixtures.batch;
import static dev.hawkeye.store.redis.Fixtures.bucket;
import static dev.hawkeye.store.redis.Fixtures.stats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.QuantileSketch;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesBucket;
import dev.hawkeye.api.metric.Stats;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.core.store.MemoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Percentiles in the redis store: sketches merged by the scripts, compared with the memory store's. */
class RedisPercentileTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.plain();

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final long T = NOW.toEpochMilli();
    private static final Series LATENCY = Series.of("checkout.latency", Map.of("host", "web-1"));
    private static final List<Aggregate> PERCENTILES = List.of(Aggregate.P50, Aggregate.P90, Aggregate.P95, Aggregate.P99);
    private static final String SKETCH_KEY = "hawkeye:{checkout.latency;host=web-1}:b:%d:q";

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final MemoryStore memory = Fixtures.exactMemoryStore(clock);
    @RegisterExtension
    final OpenStores stores = new OpenStores(REDIS, clock);
    private final Random random = new Random(11);

    @Test
    void percentilesOfAWindowEqualTheMemoryStoresForTheSameBatches() {
        MetricStore redis = stores.open();
        List<Double> all = new ArrayList<>();
        // 30 one-second buckets, each written by three batches (as flushes of three servers would)
        for (int server = 0; server < 3; server++) {
            List<SeriesBucket> buckets = new ArrayList<>();
            for (int second = 30; second >= 1; second--) {
                double[] values = new double[40];
                for (int i = 0; i < values.length; i++) {
                    values[i] = random.nextInt(20) == 0 ? 0 : -Math.log(1 - random.nextDouble()) * (5 + second) - 3;
                    all.add(values[i]);
                }
                long start = T - second * 1_000L;
                buckets.add(bucket(LATENCY, MetricType.HISTOGRAM, start, stats(MetricType.HISTOGRAM, start + server, values)));
            }
            FlushBatch batch = batch("server-" + server, buckets.toArray(SeriesBucket[]::new));
            redis.write(batch);
            memory.write(batch);
        }
        double[] sorted = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();

        for (Instant from : List.of(NOW.minusSeconds(30), NOW.minusSeconds(10), NOW.minusSeconds(1))) {
            for (Aggregate aggregate : Aggregate.values()) {
                assertThat(redis.read(LATENCY, aggregate, from, NOW)).as("%s from %s", aggregate, from)
                        .isEqualTo(memory.read(LATENCY, aggregate, from, NOW));
            }
        }
        for (Aggregate percentile : PERCENTILES) {
            double exact = sorted[(int) Math.floor(percentile.quantile().getAsDouble() * (sorted.length - 1))];
            assertThat(redis.read(LATENCY, percentile, NOW.minusSeconds(30), NOW).getAsDouble()).as(percentile.wireName())
                    .isCloseTo(exact, within(Math.abs(exact) * QuantileSketch.RELATIVE_ACCURACY + 1e-9));
        }
    }

    @Test
    void aBucketsSketchIsAHashOfBinCountersBesideTheBucketKeptForTheSketchDetail() {
        MetricStore redis = stores.open();
        long start = T - 1_000;
        Stats stats = stats(MetricType.HISTOGRAM, start, 1, 1, 100, -2, 0);
        redis.write(batch("b-1", bucket(LATENCY, MetricType.HISTOGRAM, start, stats)));

        String key = String.format(SKETCH_KEY, start);
        Map<String, String> hash = REDIS.admin(r -> r.hgetAll(key));
        int one = QuantileSketch.index(1);
        int hundred = QuantileSketch.index(100);
        int two = QuantileSketch.index(2);
        assertThat(hash).containsOnly(
                Map.entry("z", "1"),
                Map.entry("p:" + one, "2"), Map.entry("p:" + hundred, "1"), Map.entry("n:" + two, "1"),
                Map.entry("p:lo", Integer.toString(one)), Map.entry("p:hi", Integer.toString(hundred)),
                Map.entry("n:lo", Integer.toString(two)), Map.entry("n:hi", Integer.toString(two)));
        long ttl = REDIS.admin(r -> r.pttl(key));
        // sketch_detail (1h) and a minute's margin for the clocks of other hosts
        assertThat(ttl).isBetween(Duration.ofMinutes(60).toMillis(), Duration.ofMinutes(61).toMillis());
    }

    @Test
    void countersAndGaugesWriteNoSketch() {
        MetricStore redis = stores.open();
        redis.write(batch("b-1",
                bucket(Series.of("api.errors"), MetricType.COUNTER, T - 1_000, stats(MetricType.COUNTER, T - 1_000, 1, 1)),
                bucket(Series.of("queue.depth"), MetricType.GAUGE, T - 1_000, stats(MetricType.GAUGE, T - 1_000, 4))));

        Set<String> sketchKeys = REDIS.admin(r -> r.keys("*:q"));
        assertThat(sketchKeys).isEmpty();
        assertThat(redis.read(Series.of("api.errors"), Aggregate.P50, NOW.minusSeconds(5), NOW)).isEmpty();
        assertThat(redis.read(Series.of("queue.depth"), Aggregate.P99, NOW.minusSeconds(5), NOW)).isEmpty();
    }

    @Test
    void aRetriedBatchAddsItsBinsOnce() {
        MetricStore redis = stores.open();
        FlushBatch batch = batch("b-1", bucket(LATENCY, MetricType.HISTOGRAM, T - 1_000, stats(MetricType.HISTOGRAM, T - 1_000, 5, 5, 7)));

        redis.write(batch);
        redis.write(batch);

        String fives = REDIS.admin(r -> r.hget(String.format(SKETCH_KEY, T - 1_000), "p:" + QuantileSketch.index(5)));
        assertThat(fives).isEqualTo("2");
        assertThat(redis.read(LATENCY, Aggregate.P50, NOW.minusSeconds(1), NOW).getAsDouble()).isCloseTo(5, within(0.05));
    }

    @Test
    void theBinCapHoldsInRedisAsInQuantileSketchMerge() {
        MetricStore redis = stores.open();
        // each batch spans 1500 bins; the two of one bucket together 3000, the window's four 4500
        List<FlushBatch> batches = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            long start = T - (b < 2 ? 2_000 : 1_000);
            double[] values = new double[1_500];
            for (int i = 0; i < values.length; i++) {
                values[i] = QuantileSketch.value(b * 1_000 + i - 2_000) * (i % 2 == 0 ? 1 : -1);
            }
            batches.add(batch("b-" + b, bucket(LATENCY, MetricType.HISTOGRAM, start, stats(MetricType.HISTOGRAM, start, values))));
        }
        for (FlushBatch batch : batches) {
            redis.write(batch);
            memory.write(batch);
        }

        Map<String, String> first = REDIS.admin(r -> r.hgetAll(String.format(SKETCH_KEY, T - 2_000)));
        int hi = Integer.parseInt(first.get("p:hi"));
        int lo = Integer.parseInt(first.get("p:lo"));
        assertThat(hi - lo + 1).isEqualTo(QuantileSketch.MAX_BINS);
        assertThat(first.keySet().stream().filter(field -> field.startsWith("p:") && !field.endsWith("lo") && !field.endsWith("hi"))
                .mapToInt(field -> Integer.parseInt(field.substring(2))).min().getAsInt()).isEqualTo(lo);
        QuantileSketch expected = batches.get(0).buckets().get(0).stats().sketch().merge(batches.get(1).buckets().get(0).stats().sketch());
        assertThat(first.get("p:" + lo)).isEqualTo(Long.toString(expected.positiveBins().get(0).count()));
        for (Aggregate aggregate : Aggregate.values()) {
            for (Instant from : List.of(NOW.minusSeconds(2), NOW.minusSeconds(1))) {
                assertThat(redis.read(LATENCY, aggregate, from, NOW)).as("%s from %s", aggregate, from)
                        .isEqualTo(memory.read(LATENCY, aggregate, from, NOW));
            }
        }
    }

    @Test
    void twoServersWritingOneHistogramReadAsOne() {
        MetricStore serverA = stores.open();
        MetricStore serverB = stores.open();
        double[] a = random.doubles(500, 1, 1_000).toArray();
        double[] b = random.doubles(500, 500, 5_000).toArray();
        serverA.write(batch("a-1", bucket(LATENCY, MetricType.HISTOGRAM, T - 1_000, stats(MetricType.HISTOGRAM, T - 1_000, a))));
        serverB.write(batch("b-1", bucket(LATENCY, MetricType.HISTOGRAM, T - 1_000, stats(MetricType.HISTOGRAM, T - 900, b))));
        double[] both = new double[1_000];
        System.arraycopy(a, 0, both, 0, 500);
        System.arraycopy(b, 0, both, 500, 500);
        Arrays.sort(both);

        double exact = both[(int) Math.floor(0.95 * 999)];
        assertThat(serverA.read(LATENCY, Aggregate.P95, NOW.minusSeconds(1), NOW).getAsDouble()).isCloseTo(exact, within(exact * 0.01));
        assertThat(serverB.read(LATENCY, Aggregate.P95, NOW.minusSeconds(1), NOW))
                .isEqualTo(serverA.read(LATENCY, Aggregate.P95, NOW.minusSeconds(1), NOW));
    }
}
