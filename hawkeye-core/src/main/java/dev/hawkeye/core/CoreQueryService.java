package dev.hawkeye.core;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.GroupedValues;
import dev.hawkeye.api.metric.SeriesInfo;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.transport.MonitorStatus;
import dev.hawkeye.api.transport.QueryService;
import dev.hawkeye.api.transport.StatusReport;
import dev.hawkeye.core.ingest.BucketWindow;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Answers a transport's {@code query} and {@code status} from the store, the alert engine, the
 * counters, what waits for the store, and the store's health.
 */
final class CoreQueryService implements QueryService {
    private final MetricStore store;
    private final Supplier<List<MonitorStatus>> monitors;
    private final Counters counters;
    private final Supplier<Map<String, Long>> levels;
    private final Supplier<Map<String, Long>> transportCounters;
    private final Clock clock;
    private final Duration resolution;
    private final StoreHealthTracker storeHealth;

    /**
     * @param levels            what is shown beside the counters (the batches waiting for the store)
     * @param transportCounters what the transports counted
     */
    CoreQueryService(MetricStore store, Supplier<List<MonitorStatus>> monitors, Counters counters,
                     Supplier<Map<String, Long>> levels, Supplier<Map<String, Long>> transportCounters, Clock clock,
                     Duration resolution, StoreHealthTracker storeHealth) {
        this.levels = levels;
        this.transportCounters = transportCounters;
        this.storeHealth = storeHealth;
        this.resolution = resolution;
        this.store = store;
        this.monitors = monitors;
        this.counters = counters;
        this.clock = clock;
    }

    @Override
    public GroupedValues query(SeriesSelector selector, List<String> by, Aggregate aggregate, Duration window) {
        BucketWindow span = BucketWindow.ending(clock.instant(), window, resolution);
        return store.readGrouped(selector, by, aggregate, span.from(), span.to(), MAX_GROUPS);
    }

    @Override
    public List<SeriesInfo> series(SeriesSelector selector, Duration window) {
        BucketWindow span = BucketWindow.ending(clock.instant(), window, resolution);
        return store.series(selector, span.from(), span.to(), MAX_SERIES);
    }

    @Override
    public StatusReport status() {
        Map<String, Long> all = new TreeMap<>(counters.snapshot());
        all.putAll(store.counters());
        all.putAll(transportCounters.get());
        all.putAll(levels.get());
        return new StatusReport(monitors.get(), all, storeHealth.health());
    }
}
