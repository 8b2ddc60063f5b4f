package dev.hawkeye.store.redis;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.StoreHealthTracker;
import dev.hawkeye.core.alert.AlertEngine;
import dev.hawkeye.core.config.Comparison;
import dev.hawkeye.core.config.Condition;
import dev.hawkeye.core.config.Formula;
import dev.hawkeye.core.config.IngestSettings;
import dev.hawkeye.core.config.MonitorQuery;
import dev.hawkeye.core.config.MonitorSpec;
import dev.hawkeye.core.config.NoDataPolicy;
import dev.hawkeye.core.config.NotifyRoute;
import dev.hawkeye.core.config.TriggerSpec;
import dev.hawkeye.core.store.MemoryStore;
import dev.hawkeye.testing.RedisProcess;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One grouped monitor evaluated by the real {@link AlertEngine} on a schedule while the series
 * are written: GROUPS × SERIES counter series ({@code GroupedReadBench}'s, one bucket a second
 * each, written every second as a server's flush would, the WINDOW before the start included),
 * {@code count} over WINDOW {@code group_by: [group]}, evaluated every EVERY for DURATION after a
 * warm-up of two evaluations. The trigger ({@code > 1.5} increments a second a series) fires for
 * no group, so each evaluation reads and judges every group. Prints the time of each evaluation
 * (p50, p99, max), how late each started against its schedule, and how many ran against how many
 * were due.
 *
 * <pre>
 * java -Xmx2g -cp ... dev.hawkeye.store.redis.GroupedMonitorBench memory|start|REDIS_URL [groups] [series] [window] [every] [duration]
 * </pre>
 * {@code start} runs a redis-server of its own (from the PATH); a URL names an empty Redis.
 * Defaults: 100 groups of 100 series, 5m, 10s, 10m. Not a test: run it by hand (BENCHMARKS.md).
 */
public final class GroupedMonitorBench {
    private GroupedMonitorBench() {
    }

    public static void main(String[] args) throws Exception {
        int groups = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int perGroup = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        Duration window = PluginConfig.parseDuration(args.length > 3 ? args[3] : "5m").orElseThrow();
        Duration every = PluginConfig.parseDuration(args.length > 4 ? args[4] : "10s").orElseThrow();
        Duration duration = PluginConfig.parseDuration(args.length > 5 ? args[5] : "10m").orElseThrow();
        RedisProcess server = args[0].equals("start")
                ? RedisProcess.start(Files.createTempDirectory("grouped-monitor-bench"), List.of("--save", "", "--appendonly", "no"))
                : null;
        Clock clock = Clock.systemUTC();
        MetricStore store = args[0].equals("memory") ? new MemoryStore(Duration.ofHours(1), clock)
                : new RedisStoreFactory(clock).create(PluginConfig.of("store", Map.of("type", "redis",
                        "url", server != null ? "redis://127.0.0.1:" + server.port() + "/0" : args[0]), k -> "bench"));
        List<Series> series = GroupedReadBench.series(groups, perGroup);
        long next = clock.millis() / 1000 * 1000 - window.plusMinutes(1).toMillis();
        for (; next + 1_000 <= clock.millis(); next += 1_000) {
            GroupedReadBench.write(store, series, MetricType.COUNTER, next);
        }
        System.out.printf(Locale.ROOT, "written: %d series, %s of 1-second buckets%n", series.size(), window.plusMinutes(1));

        Counters counters = new Counters();
        Set<String> firing = ConcurrentHashMap.newKeySet();
        long warmupEnds = System.nanoTime() + every.toNanos() * 2;
        int due = (int) (duration.toNanos() / every.toNanos());
        EvaluationStoreBench.TimedPool pool = new EvaluationStoreBench.TimedPool(1, warmupEnds, due + 10);
        AlertEngine engine = new AlertEngine(List.of(monitor(window, every, perGroup)), store,
                (via, notification) -> firing.add(notification.monitor()), counters, clock, pool, IngestSettings.DEFAULTS,
                new StoreHealthTracker(clock));
        AtomicLong written = new AtomicLong(next);
        Thread writer = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long at = written.get();
                if (at + 1_000 <= clock.millis()) {
                    GroupedReadBench.write(store, series, MetricType.COUNTER, at);
                    written.set(at + 1_000);
                } else {
                    try {
                        Thread.sleep(at + 1_000 - clock.millis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "writer");
        writer.start();
        engine.start();
        Thread.sleep(every.multipliedBy(2).plus(duration).toMillis());
        engine.close();
        writer.interrupt();
        writer.join();
        pool.shutdownNow();
        store.close();
        if (server != null) {
            server.close();
        }

        long[] runs = pool.sorted(pool.runs);
        long[] lags = pool.sorted(pool.lags);
        System.out.printf(Locale.ROOT, "store=%s monitor=%s measured=%s evaluations=%d of %d due, failed=%d, groups dropped=%d, notified=%s%n",
                args[0].equals("memory") ? "memory" : "redis", monitor(window, every, perGroup).describe(), PluginConfig.formatDuration(duration),
                runs.length, due, counters.get(Counters.EVALUATIONS_FAILED), counters.get(Counters.GROUPS_DROPPED), firing);
        System.out.printf(Locale.ROOT, "RESULT eval_ms_p50=%.1f eval_ms_p90=%.1f eval_ms_p99=%.1f eval_ms_max=%.1f lag_ms_p50=%.1f lag_ms_max=%.1f%n",
                EvaluationStoreBench.at(runs, 0.5) / 1e6, EvaluationStoreBench.at(runs, 0.9) / 1e6, EvaluationStoreBench.at(runs, 0.99) / 1e6,
                runs.length == 0 ? 0 : runs[runs.length - 1] / 1e6, EvaluationStoreBench.at(lags, 0.5) / 1e6,
                lags.length == 0 ? 0 : lags[lags.length - 1] / 1e6);
        System.exit(0);
    }

    private static MonitorSpec monitor(Duration window, Duration every, int perGroup) {
        double threshold = 1.5 * window.toSeconds() * perGroup;
        NotifyRoute route = new NotifyRoute("sink", PluginConfig.of("route", Map.of(), key -> ""));
        TriggerSpec trigger = new TriggerSpec("warning", new Condition(Comparison.GREATER, threshold), List.of(route));
        MonitorQuery query = new MonitorQuery(MonitorSpec.SINGLE_QUERY, SeriesSelector.matching(GroupedReadBench.KEY, List.of()), Aggregate.COUNT);
        return new MonitorSpec("grouped", List.of(query), Formula.of(MonitorSpec.SINGLE_QUERY), List.of("group"), MonitorSpec.DEFAULT_MAX_GROUPS,
                MonitorSpec.defaultForgetAfter(window), window, every, Duration.ZERO, Duration.ofHours(1), List.of(trigger), NoDataPolicy.KEEP);
    }
}
