package dev.hawkeye.core;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.GroupedRange;
import dev.hawkeye.api.metric.GroupedValues;
import dev.hawkeye.api.metric.SeriesInfo;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.store.HistoryEvent;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.transport.MonitorDefinition;
import dev.hawkeye.api.transport.MonitorStatus;
import dev.hawkeye.api.transport.QueryService;
import dev.hawkeye.api.transport.StatusReport;
import dev.hawkeye.core.ingest.BucketWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Answers a transport's {@code query} and {@code status} from the store, the alert engine, the
 * counters, what waits for the store, and the store's health.
 */
final class CoreQueryService implements QueryService {
    private final MetricStore store;
    private final Supplier<List<MonitorStatus>> monitors;
    private final Supplier<List<MonitorDefinition>> definitions;
    private final Function<String, List<HistoryEvent>> histories;
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
    CoreQueryService(MetricStore store, Supplier<List<MonitorStatus>> monitors, Supplier<List<MonitorDefinition>> definitions,
                     Function<String, List<HistoryEvent>> histories, Counters counters,
                     Supplier<Map<String, Long>> levels, Supplier<Map<String, Long>> transportCounters, Clock clock,
                     Duration resolution, StoreHealthTracker storeHealth) {
        this.levels = levels;
        this.transportCounters = transportCounters;
        this.storeHealth = storeHealth;
        this.resolution = resolution;
        this.store = store;
        this.monitors = monitors;
        this.definitions = definitions;
        this.histories = histories;
        this.counters = counters;
        this.clock = clock;
    }

    @Override
    public GroupedValues query(SeriesSelector selector, List<String> by, Aggregate aggregate, Duration window) {
        BucketWindow span = BucketWindow.ending(clock.instant(), window, resolution);
        return store.readGrouped(selector, by, aggregate, span.from(), span.to(), MAX_GROUPS);
    }

    @Override
    public GroupedRange queryRange(SeriesSelector selector, List<String> by, Aggregate aggregate, Instant from, Instant to,
                                   Duration step, Duration window) {
        long stepMillis = step.toMillis();
        long resolutionMillis = resolution.toMillis();
        if (stepMillis < resolutionMillis || stepMillis % resolutionMillis != 0) {
            throw new IllegalArgumentException("step must be a multiple of the resolution (" + resolution.toSeconds()
                    + "s); got " + step.toMillis() + "ms");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be longer than 0");
        }
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to (" + to + ") is before from (" + from + ")");
        }
        long first = Math.floorDiv(from.toEpochMilli() + stepMillis - 1, stepMillis) * stepMillis;
        long steps = first > to.toEpochMilli() ? 0 : (to.toEpochMilli() - first) / stepMillis + 1;
        if (steps > MAX_STEPS) {
            throw new IllegalArgumentException("the range holds " + steps + " steps, more than " + MAX_STEPS
                    + "; choose a larger step or a shorter range");
        }
        Map<Map<String, String>, List<GroupedRange.Step>> groups = new HashMap<>();
        int leftOut = 0;
        long answered = 0;
        for (long end = first; end <= to.toEpochMilli(); end += stepMillis) {
            Instant at = Instant.ofEpochMilli(end);
            BucketWindow span = BucketWindow.ending(at, window, resolution);
            GroupedValues values = store.readGrouped(selector, by, aggregate, span.from(), span.to(), MAX_GROUPS);
            leftOut = Math.max(leftOut, values.groupsLeftOut());
            for (Map.Entry<Map<String, String>, OptionalDouble> group : values.values().entrySet()) {
                if (group.getValue().isPresent()) {
                    if (++answered > MAX_RANGE_VALUES) {
                        throw new IllegalArgumentException("the answer would hold more than " + MAX_RANGE_VALUES + " values ("
                                + groups.size() + " groups so far, " + steps + " steps); select fewer series or groups, or"
                                + " choose a larger step or a shorter range");
                    }
                    groups.computeIfAbsent(group.getKey(), key -> new ArrayList<>())
                            .add(new GroupedRange.Step(at, group.getValue().getAsDouble()));
                }
            }
        }
        return new GroupedRange(groups, leftOut);
    }

    @Override
    public List<SeriesInfo> series(SeriesSelector selector, Duration window, int limit) {
        if (limit > MAX_LISTED_SERIES) {
            throw new IllegalArgumentException("at most " + MAX_LISTED_SERIES + " series are listed at once; asked for " + limit);
        }
        BucketWindow span = BucketWindow.ending(clock.instant(), window, resolution);
        return store.series(selector, span.from(), span.to(), limit);
    }

    @Override
    public List<MonitorDefinition> monitors() {
        return definitions.get();
    }

    @Override
    public List<HistoryEvent> history(String monitor) {
        return histories.apply(monitor);
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
