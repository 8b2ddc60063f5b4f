package dev.hawkeye.store.redis;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.GroupedValues;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesBucket;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.metric.Stats;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.testing.RedisProcess;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The time of a grouped read over many series: GROUPS × SERIES series of TYPE of one metric
 * (tags {@code group}, {@code host}), one bucket a second each for the last WINDOW plus a minute
 * (a counter's of one increment, a gauge's or histogram's of 5 values from 1 to 1000), then
 * AGGREGATE over the last WINDOW grouped by {@code group}, READS times, each after the seconds
 * since the last write were written (as a live server does; not timed). The first read
 * merges buckets (and keeps the slabs' summaries), the later ones take the summaries of the slabs
 * that ended; both are printed, with the points per series in the window and a check of the totals.
 *
 * <pre>
 * java -Xmx2g -cp ... dev.hawkeye.store.redis.GroupedReadBench start|REDIS_URL [groups] [series] [window] [reads] [type] [aggregate]
 * </pre>
 * {@code start} runs a redis-server of its own (from the PATH, as the tests do); a URL names an
 * empty Redis (its data is not cleared). Defaults: 100 groups, 100 series each, 5m, 10 reads,
 * counter, count. Not a test: run it by hand (the classpath as for {@code EvaluationStoreBench} in
 * BENCHMARKS.md).
 */
public final class GroupedReadBench {
    static final String KEY = "bench.requests";
    private static final double[] VALUES = {1, 3, 10, 100, 1000};

    private GroupedReadBench() {
    }

    public static void main(String[] args) throws Exception {
        int groups = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int perGroup = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        Duration window = PluginConfig.parseDuration(args.length > 3 ? args[3] : "5m").orElseThrow();
        int reads = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        MetricType type = MetricType.fromWireName(args.length > 5 ? args[5] : "counter");
        Aggregate aggregate = Aggregate.fromWireName(args.length > 6 ? args[6] : "count");
        RedisProcess server = args[0].equals("start")
                ? RedisProcess.start(Files.createTempDirectory("grouped-read-bench"), List.of("--save", "", "--appendonly", "no"))
                : null;
        String url = server != null ? "redis://127.0.0.1:" + server.port() + "/0" : args[0];
        try (MetricStore store = new RedisStoreFactory(Clock.systemUTC())
                .create(PluginConfig.of("store", Map.of("type", "redis", "url", url), k -> "bench"))) {
            List<Series> series = series(groups, perGroup);
            long next = System.currentTimeMillis() / 1000 * 1000 - window.plusMinutes(1).toMillis();
            long written = 0;
            SeriesSelector selector = SeriesSelector.matching(KEY, List.of());
            double[] millis = new double[reads];
            GroupedValues values = null;
            for (int i = 0; i < reads; i++) {
                for (; next + 1_000 <= System.currentTimeMillis(); next += 1_000) {
                    written += write(store, series, type, next);
                }
                Instant to = Instant.ofEpochMilli(next);
                Instant from = to.minus(window);
                long start = System.nanoTime();
                values = store.readGrouped(selector, List.of("group"), aggregate, from, to, groups);
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            double total = store.readGrouped(selector, List.of(), Aggregate.COUNT, Instant.ofEpochMilli(next).minus(window),
                    Instant.ofEpochMilli(next), 1).values().get(Map.of()).orElse(0);
            double pointsPerBucket = type == MetricType.COUNTER ? 1 : VALUES.length;
            double[] warm = Arrays.copyOfRange(millis, Math.min(1, reads - 1), reads);
            Arrays.sort(warm);
            System.out.printf(Locale.ROOT, "series=%d (%d groups x %d) of %s, %s, buckets written=%d window=%s buckets per series in window=%.0f%n",
                    groups * perGroup, groups, perGroup, type.wireName(), aggregate.wireName(), written, PluginConfig.formatDuration(window),
                    total / pointsPerBucket / (groups * perGroup));
            System.out.printf(Locale.ROOT, "groups read=%d series merged=%d left out=%d%n", values.values().size(), values.series(),
                    values.groupsLeftOut());
            System.out.printf(Locale.ROOT, "RESULT first_read_ms=%.0f later_read_ms_median=%.0f later_read_ms_min=%.0f later_read_ms_max=%.0f%n",
                    millis[0], warm[warm.length / 2], warm[0], warm[warm.length - 1]);
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    static List<Series> series(int groups, int perGroup) {
        List<Series> series = new ArrayList<>(groups * perGroup);
        for (int g = 0; g < groups; g++) {
            for (int h = 0; h < perGroup; h++) {
                series.add(Series.of(KEY, Map.of("group", "g" + g, "host", "h" + h)));
            }
        }
        return series;
    }

    /** The batch of the second that starts at {@code start}: a bucket per series. */
    static int write(MetricStore store, List<Series> series, MetricType type, long start) {
        Stats stats = Stats.of(1, start);
        if (type != MetricType.COUNTER) {
            stats = Stats.EMPTY;
            for (double value : VALUES) {
                stats = stats.add(type, value, start);
            }
        }
        List<SeriesBucket> buckets = new ArrayList<>(series.size());
        for (Series one : series) {
            buckets.add(new SeriesBucket(one, type, start, stats));
        }
        store.write(new FlushBatch(UUID.randomUUID().toString(), start, 1_000, buckets));
        return buckets.size();
    }
}
