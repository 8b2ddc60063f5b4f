package dev.hawkeye.core.alert;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.config.IngestSettings;
import dev.hawkeye.core.config.Comparison;
import dev.hawkeye.core.config.Condition;
import dev.hawkeye.core.config.MonitorSpec;
import dev.hawkeye.core.config.NotifyRoute;
import dev.hawkeye.core.config.TriggerSpec;
import dev.hawkeye.core.notify.Dispatcher;
import dev.hawkeye.core.store.MemoryStore;
import dev.hawkeye.core.testing.StoreWrites;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * Measures whether many monitors stay on schedule on the engine's small fixed pool: N monitors of
 * three triggers each, evaluated every {@code evaluate_every} by the real {@link AlertEngine} on a
 * {@link MemoryStore}, on a two-thread scheduler (as {@code Hawkeye} runs them). Every tenth
 * monitor fires (and repeats every minute) so notifications flow through a real
 * {@link Dispatcher}. The schedule lag of each evaluation is its start minus the time the fixed
 * rate planned for it; evaluations in the first {@code warmup} are not counted. Prints lag
 * percentiles and the heap the monitors, their state and their data take.
 *
 * <pre>
 * java -Xmx1g -cp ... dev.hawkeye.core.alert.EvaluationScheduleBench [monitors] [evaluate_every] [duration] [warmup]
 * </pre>
 * Defaults: 10000 monitors, 10s, 120s, 30s. Not a test: run it by hand (see BENCHMARKS.md).
 */
public final class EvaluationScheduleBench {
    private static final int THREADS = 2;

    private EvaluationScheduleBench() {
    }

    public static void main(String[] args) throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Duration every = PluginConfig.parseDuration(args.length > 1 ? args[1] : "10s").orElseThrow();
        Duration duration = PluginConfig.parseDuration(args.length > 2 ? args[2] : "120s").orElseThrow();
        Duration warmup = PluginConfig.parseDuration(args.length > 3 ? args[3] : "30s").orElseThrow();

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long heapBefore = settledHeap(memory);

        Clock clock = Clock.systemUTC();
        MemoryStore store = new MemoryStore(Duration.ofHours(1), clock);
        List<MonitorSpec> monitors = new ArrayList<>(count);
        Instant now = clock.instant();
        for (int i = 0; i < count; i++) {
            Series series = Series.of("bench.errors." + i);
            StoreWrites.write(store, series, MetricType.COUNTER, i % 10 == 0 ? 150 : 5, now.minusSeconds(1));
            monitors.add(monitor("m" + i, series, every));
        }
        AtomicLong delivered = new AtomicLong();
        Counters counters = new Counters();
        Dispatcher dispatcher = new Dispatcher(Map.<String, Notifier>of("sink", notification -> delivered.incrementAndGet()),
                counters, clock);
        long warmupEnds = System.nanoTime() + warmup.toNanos();
        LagRecorder lags = new LagRecorder(warmupEnds, (int) Math.min(50_000_000L,
                count * (duration.toNanos() / every.toNanos() + 2)));
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(THREADS);
        AlertEngine engine = new AlertEngine(monitors, store, dispatcher, counters, clock, lags.wrap(pool), IngestSettings.DEFAULTS);
        engine.start();
        long heapRunning = settledHeap(memory);

        Thread.sleep(warmup.plus(duration).toMillis());
        long heapAfter = settledHeap(memory);
        engine.close();
        pool.shutdownNow();
        dispatcher.close();

        long[] sorted = lags.sorted();
        System.out.printf(Locale.ROOT, "monitors=%d triggers/monitor=3 evaluate_every=%s threads=%d measured=%s (after %s warm-up)%n",
                count, PluginConfig.formatDuration(every), THREADS, PluginConfig.formatDuration(duration),
                PluginConfig.formatDuration(warmup));
        System.out.printf(Locale.ROOT, "evaluations=%d (%.0f/s) failed=%d notifications=%d dropped=%d%n", sorted.length,
                sorted.length / (double) duration.toSeconds(), counters.get(Counters.EVALUATIONS_FAILED), delivered.get(),
                counters.get(Counters.NOTIFICATIONS_DROPPED));
        System.out.printf(Locale.ROOT, "schedule lag ms: p50=%.3f p90=%.3f p99=%.3f p99.9=%.3f max=%.3f%n", millis(sorted, 0.50),
                millis(sorted, 0.90), millis(sorted, 0.99), millis(sorted, 0.999), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
        System.out.printf(Locale.ROOT, "heap used MiB: before=%.1f running=%.1f after=%.1f (monitors+state+data: %.1f MiB, %.0f bytes/monitor)%n",
                heapBefore / 1048576.0, heapRunning / 1048576.0, heapAfter / 1048576.0, (heapAfter - heapBefore) / 1048576.0,
                (heapAfter - heapBefore) / (double) count);
    }

    private static MonitorSpec monitor(String name, Series series, Duration every) {
        List<TriggerSpec> triggers = List.of(trigger("warning", 100), trigger("error", 500), trigger("critical", 1000));
        return new MonitorSpec(name, series, Aggregate.COUNT, Duration.ofMinutes(10), every, Duration.ZERO, Duration.ofMinutes(1),
                triggers);
    }

    private static TriggerSpec trigger(String level, double threshold) {
        NotifyRoute route = new NotifyRoute("sink", PluginConfig.of("route", Map.of("to", List.of(level + "@example.com")), key -> ""));
        return new TriggerSpec(level, new Condition(Comparison.GREATER, threshold), List.of(route));
    }

    /** Heap used after garbage collection has had a chance to run. */
    private static long settledHeap(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static double millis(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    /**
     * Wraps a scheduler so that each run of a fixed-rate task records how late it started against
     * the plan {@code first + k * period}. Everything else is delegated unchanged.
     */
    private static final class LagRecorder {
        private final long countFrom;
        private final long[] lags;
        private final AtomicInteger size = new AtomicInteger();

        LagRecorder(long countFromNanos, int capacity) {
            this.countFrom = countFromNanos;
            this.lags = new long[capacity];
        }

        long[] sorted() {
            long[] out = Arrays.copyOf(lags, Math.min(size.get(), lags.length));
            Arrays.sort(out);
            return out;
        }

        private void record(long lagNanos, long at) {
            if (at >= countFrom) {
                int index = size.getAndIncrement();
                if (index < lags.length) {
                    lags[index] = lagNanos;
                }
            }
        }

        ScheduledExecutorService wrap(ScheduledExecutorService pool) {
            return new ScheduledExecutorService() {
                @Override
                public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
                    long first = System.nanoTime() + unit.toNanos(initialDelay);
                    long periodNanos = unit.toNanos(period);
                    AtomicLong runs = new AtomicLong();
                    return pool.scheduleAtFixedRate(() -> {
                        long start = System.nanoTime();
                        record(start - (first + runs.getAndIncrement() * periodNanos), start);
                        command.run();
                    }, initialDelay, period, unit);
                }

                @Override
                public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
                    return pool.schedule(command, delay, unit);
                }

                @Override
                public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
                    return pool.schedule(callable, delay, unit);
                }

                @Override
                public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
                    return pool.scheduleWithFixedDelay(command, initialDelay, delay, unit);
                }

                @Override
                public void shutdown() {
                    pool.shutdown();
                }

                @Override
                public List<Runnable> shutdownNow() {
                    return pool.shutdownNow();
                }

                @Override
                public boolean isShutdown() {
                    return pool.isShutdown();
                }

                @Override
                public boolean isTerminated() {
                    return pool.isTerminated();
                }

                @Override
                public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
                    return pool.awaitTermination(timeout, unit);
                }

                @Override
                public <T> Future<T> submit(Callable<T> task) {
                    return pool.submit(task);
                }

                @Override
                public <T> Future<T> submit(Runnable task, T result) {
                    return pool.submit(task, result);
                }

                @Override
                public Future<?> submit(Runnable task) {
                    return pool.submit(task);
                }

                @Override
                public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
                    return pool.invokeAll(tasks);
                }

                @Override
                public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
                        throws InterruptedException {
                    return pool.invokeAll(tasks, timeout, unit);
                }

                @Override
                public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
                    return pool.invokeAny(tasks);
                }

                @Override
                public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
                        throws InterruptedException, ExecutionException, TimeoutException {
                    return pool.invokeAny(tasks, timeout, unit);
                }

                @Override
                public void execute(Runnable command) {
                    pool.execute(command);
                }
            };
        }
    }
}
