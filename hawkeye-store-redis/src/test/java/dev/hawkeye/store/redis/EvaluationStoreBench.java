package dev.hawkeye.store.redis;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesBucket;
import dev.hawkeye.api.metric.Stats;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.api.store.AlertState;
import dev.hawkeye.api.store.AlertStore;
import dev.hawkeye.api.store.Fence;
import dev.hawkeye.api.store.FencedException;
import dev.hawkeye.api.store.Leases;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.store.OutboxEntry;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.StoreHealthTracker;
import dev.hawkeye.core.alert.AlertEngine;
import dev.hawkeye.core.alert.LeaseGuard;
import dev.hawkeye.core.config.Comparison;
import dev.hawkeye.core.config.Condition;
import dev.hawkeye.core.config.IngestSettings;
import dev.hawkeye.core.config.MonitorSpec;
import dev.hawkeye.core.config.NotifyRoute;
import dev.hawkeye.core.config.TriggerSpec;
import dev.hawkeye.core.notify.DispatchSettings;
import dev.hawkeye.core.notify.Dispatcher;
import dev.hawkeye.core.store.MemoryAlertStore;
import dev.hawkeye.core.store.MemoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code EvaluationScheduleBench} (hawkeye-core) on either store: N monitors of three triggers
 * each, evaluated by the real {@link AlertEngine} on two scheduler threads, on the embedded
 * {@link MemoryStore} or on a Redis store, with the alert states and the outbox where the agent
 * keeps them ({@link MetricStore#alerts()}), saves fenced by a lease taken from the store's
 * {@link Leases} (as the agent's are; none for the memory store), and a {@link Dispatcher} that
 * removes each notification from the outbox once done (as the agent's does).
 *
 * <p>Modes: {@code steady}, every tenth monitor fires and repeats every minute (as in
 * {@code EvaluationScheduleBench}: few saves); {@code saves}, every monitor fires and repeats every
 * 0.9 {@code evaluate_every}, so that nearly every evaluation saves its state with one outbox
 * entry (the fenced save dominates). Prints evaluations a second, saves a second and their mean
 * time, the time of one evaluation and its schedule lag, counted after the warm-up.
 *
 * <pre>
 * java -Xmx1g -cp ... dev.hawkeye.store.redis.EvaluationStoreBench STORE MODE [monitors] [evaluate_every] [duration] [warmup]
 * </pre>
 * STORE is {@code memory} or a Redis URL (its data is not cleared: give it an empty Redis); MODE
 * is {@code steady} or {@code saves}. Defaults: 10000 monitors, 1s, 60s, 20s. Not a test: run it by
 * hand (see BENCHMARKS.md).
 */
public final class EvaluationStoreBench {
    private static final int THREADS = 2;

    private EvaluationStoreBench() {
    }

    public static void main(String[] args) throws Exception {
        String where = args[0];
        boolean saves = switch (args[1]) {
            case "steady" -> false;
            case "saves" -> true;
            default -> throw new IllegalArgumentException("mode: steady or saves, got " + args[1]);
        };
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        Duration every = PluginConfig.parseDuration(args.length > 3 ? args[3] : "1s").orElseThrow();
        Duration duration = PluginConfig.parseDuration(args.length > 4 ? args[4] : "60s").orElseThrow();
        Duration warmup = PluginConfig.parseDuration(args.length > 5 ? args[5] : "20s").orElseThrow();
        Duration repeat = saves ? every.multipliedBy(9).dividedBy(10) : Duration.ofMinutes(1);

        Clock clock = Clock.systemUTC();
        MetricStore store = where.equals("memory") ? new MemoryStore(Duration.ofHours(1), clock)
                : new RedisStoreFactory(clock).create(PluginConfig.of("store", Map.of("type", "redis", "url", where), k -> "bench"));
        Fence fence = Fence.NONE;
        if (store.leases().isPresent()) {
            fence = new Fence("agent", store.leases().get().tryHold("agent", "bench-" + UUID.randomUUID(), Duration.ofHours(1))
                    .orElseThrow(() -> new IllegalStateException("the lease 'agent' is held by another owner")));
        }
        long warmupEnds = System.nanoTime() + warmup.toNanos();
        CountingAlerts alerts = new CountingAlerts(store.alerts().orElseGet(MemoryAlertStore::new), warmupEnds);

        List<MonitorSpec> monitors = new ArrayList<>(count);
        List<SeriesBucket> buckets = new ArrayList<>(count);
        Instant at = clock.instant().minusSeconds(1);
        for (int i = 0; i < count; i++) {
            Series series = Series.of("bench.errors." + i);
            double value = saves || i % 10 == 0 ? 150 : 5;
            buckets.add(new SeriesBucket(series, MetricType.COUNTER, at.toEpochMilli() / 1000 * 1000, Stats.of(value, at.toEpochMilli())));
            monitors.add(monitor("m" + i, series, every, repeat));
        }
        store.write(new FlushBatch(UUID.randomUUID().toString(), at.toEpochMilli(), 1000, buckets));

        AtomicLong delivered = new AtomicLong();
        Counters counters = new Counters();
        Dispatcher dispatcher = new Dispatcher(Map.<String, Notifier>of("sink", notification -> delivered.incrementAndGet()),
                counters, clock, DispatchSettings.DEFAULTS, alerts, () -> true);
        TimedPool pool = new TimedPool(warmupEnds, (int) Math.min(50_000_000L, count * (duration.toNanos() / every.toNanos() + 2)));
        Fence held = fence;
        LeaseGuard lease = new LeaseGuard() {
            @Override
            public Optional<Fence> fence() {
                return Optional.of(held);
            }

            @Override
            public void fenced(FencedException e) {
                throw new IllegalStateException("the bench's own lease was lost", e);
            }
        };
        AlertEngine engine = new AlertEngine(monitors, store, alerts, lease, store.describe(), dispatcher::dispatch, counters, clock,
                pool, IngestSettings.DEFAULTS, new StoreHealthTracker(clock));
        engine.start();
        Thread.sleep(warmup.plus(duration).toMillis());
        long measuredSaves = alerts.saves.sum();
        long measuredSaveNanos = alerts.saveNanos.sum();
        long measuredEntries = alerts.entries.sum();
        long measuredRemoves = alerts.removes.sum();
        long measuredRemoveCalls = alerts.removeCalls.sum();
        engine.close();
        pool.shutdownNow();
        dispatcher.close();
        int outboxLeft = alerts.outbox(100_000).size();
        store.close();

        long[] lags = pool.sorted(pool.lags);
        long[] runs = pool.sorted(pool.runs);
        double seconds = duration.toNanos() / 1e9;
        System.out.printf(Locale.ROOT, "store=%s mode=%s monitors=%d evaluate_every=%s repeat_every=%s threads=%d measured=%s (after %s warm-up) fence=%s%n",
                store.describe(), saves ? "saves" : "steady", count, PluginConfig.formatDuration(every), repeat, THREADS,
                PluginConfig.formatDuration(duration), PluginConfig.formatDuration(warmup), fence.isChecked() ? "token " + fence.token() : "none");
        System.out.printf(Locale.ROOT, "evaluations=%d (%.0f/s) failed=%d saves=%d (%.0f/s, mean %.1f us) outbox entries=%d removed=%d (in %d calls) left=%d overflow=%d%n",
                lags.length, lags.length / seconds, counters.get(Counters.EVALUATIONS_FAILED), measuredSaves, measuredSaves / seconds,
                measuredSaves == 0 ? 0 : measuredSaveNanos / 1e3 / measuredSaves, measuredEntries, measuredRemoves, measuredRemoveCalls, outboxLeft,
                counters.get(Counters.OUTBOX_OVERFLOW));
        System.out.printf(Locale.ROOT, "notifications delivered=%d suppressed=%d dropped=%d%n", delivered.get(),
                counters.get(Counters.NOTIFICATIONS_SUPPRESSED), counters.get(Counters.NOTIFICATIONS_DROPPED));
        System.out.printf(Locale.ROOT, "evaluation time us: mean=%.1f p50=%.1f p99=%.1f p99.9=%.1f%n", mean(runs) / 1e3,
                at(runs, 0.50) / 1e3, at(runs, 0.99) / 1e3, at(runs, 0.999) / 1e3);
        System.out.printf(Locale.ROOT, "schedule lag ms: p50=%.3f p90=%.3f p99=%.3f p99.9=%.3f max=%.3f%n", at(lags, 0.50) / 1e6,
                at(lags, 0.90) / 1e6, at(lags, 0.99) / 1e6, at(lags, 0.999) / 1e6, lags.length == 0 ? 0 : lags[lags.length - 1] / 1e6);
        System.out.printf(Locale.ROOT, "RESULT evals_per_s=%.0f saves_per_s=%.0f save_us=%.1f eval_us_mean=%.1f eval_us_p50=%.1f lag_ms_p50=%.3f lag_ms_p99=%.3f lag_ms_max=%.3f%n",
                lags.length / seconds, measuredSaves / seconds, measuredSaves == 0 ? 0 : measuredSaveNanos / 1e3 / measuredSaves,
                mean(runs) / 1e3, at(runs, 0.50) / 1e3, at(lags, 0.50) / 1e6, at(lags, 0.99) / 1e6,
                lags.length == 0 ? 0 : lags[lags.length - 1] / 1e6);
        System.exit(0);
    }

    private static MonitorSpec monitor(String name, Series series, Duration every, Duration repeat) {
        List<TriggerSpec> triggers = List.of(trigger("warning", 100), trigger("error", 500), trigger("critical", 1000));
        return new MonitorSpec(name, series, Aggregate.COUNT, Duration.ofMinutes(10), every, Duration.ZERO, repeat, triggers);
    }

    private static TriggerSpec trigger(String level, double threshold) {
        NotifyRoute route = new NotifyRoute("sink", PluginConfig.of("route", Map.of("to", List.of(level + "@example.com")), key -> ""));
        return new TriggerSpec(level, new Condition(Comparison.GREATER, threshold), List.of(route));
    }

    static double at(long[] sorted, double quantile) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)];
    }

    private static double mean(long[] values) {
        return values.length == 0 ? 0 : Arrays.stream(values).average().orElse(0);
    }

    /** The alert store, counting (after the warm-up) saves, their time, the outbox entries they add and the removals. */
    private static final class CountingAlerts implements AlertStore {
        private final AlertStore alerts;
        private final long countFrom;
        final LongAdder saves = new LongAdder();
        final LongAdder saveNanos = new LongAdder();
        final LongAdder entries = new LongAdder();
        final LongAdder removes = new LongAdder();
        final LongAdder removeCalls = new LongAdder();

        CountingAlerts(AlertStore alerts, long countFrom) {
            this.alerts = alerts;
            this.countFrom = countFrom;
        }

        @Override
        public Map<String, AlertState> loadStates() {
            return alerts.loadStates();
        }

        @Override
        public Optional<AlertState> loadState(String monitor) {
            return alerts.loadState(monitor);
        }

        @Override
        public int save(AlertState state, List<OutboxEntry> added, Fence fence) {
            long start = System.nanoTime();
            int overflow = alerts.save(state, added, fence);
            if (start >= countFrom) {
                saveNanos.add(System.nanoTime() - start);
                saves.increment();
                entries.add(added.size());
            }
            return overflow;
        }

        @Override
        public List<OutboxEntry> outbox(int limit) {
            return alerts.outbox(limit);
        }

        @Override
        public void remove(List<String> ids) {
            alerts.remove(ids);
            if (System.nanoTime() >= countFrom) {
                removes.add(ids.size());
                removeCalls.increment();
            }
        }
    }

    /**
     * The scheduler, recording for each run of a fixed-rate task (after the warm-up) how late it
     * started against the plan {@code first + k * period} and how long it ran.
     */
    static final class TimedPool extends ScheduledThreadPoolExecutor {
        private final long countFrom;
        final long[] lags;
        final long[] runs;
        private final AtomicInteger size = new AtomicInteger();

        TimedPool(long countFromNanos, int capacity) {
            this(THREADS, countFromNanos, capacity);
        }

        TimedPool(int threads, long countFromNanos, int capacity) {
            super(threads);
            this.countFrom = countFromNanos;
            this.lags = new long[capacity];
            this.runs = new long[capacity];
        }

        long[] sorted(long[] values) {
            long[] out = Arrays.copyOf(values, Math.min(size.get(), values.length));
            Arrays.sort(out);
            return out;
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            long first = System.nanoTime() + unit.toNanos(initialDelay);
            long periodNanos = unit.toNanos(period);
            AtomicLong count = new AtomicLong();
            return super.scheduleAtFixedRate(() -> {
                long start = System.nanoTime();
                long lag = start - (first + count.getAndIncrement() * periodNanos);
                command.run();
                if (start >= countFrom) {
                    int index = size.getAndIncrement();
                    if (index < lags.length) {
                        lags[index] = lag;
                        runs[index] = System.nanoTime() - start;
                    }
                }
            }, initialDelay, period, unit);
        }
    }
}
