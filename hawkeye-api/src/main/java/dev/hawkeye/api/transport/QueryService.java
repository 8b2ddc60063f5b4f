package dev.hawkeye.api.transport;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.GroupedRange;
import dev.hawkeye.api.metric.GroupedValues;
import dev.hawkeye.api.metric.SeriesInfo;
import dev.hawkeye.api.metric.SeriesSelector;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What a transport may ask core besides recording: window reads, series listings and the monitors' states. Thread-safe. */
public interface QueryService {

    /** The most groups one query answers; the rest is counted in {@link GroupedValues#groupsLeftOut()}. */
    int MAX_GROUPS = 1_000;

    /** The most steps one range read answers (as Prometheus's {@code query_range}). */
    int MAX_STEPS = 11_000;

    /** The most values one range read answers over all its groups (some 6 MB of JSON). */
    int MAX_RANGE_VALUES = 250_000;

    /** The most series one listing answers, as {@code series} and {@code hawkeye series} ask for. */
    int MAX_SERIES = 10_000;

    /** The most series one listing may be asked for (what {@code /metrics} exposes). */
    int MAX_LISTED_SERIES = 100_000;

    /**
     * One aggregate over the merged series {@code selector} selects, over the window that ends
     * now, per group of the {@code by} tags' values (one group {@code {}} without {@code by}); see
     * {@link dev.hawkeye.api.store.MetricData#readGrouped}. At most {@link #MAX_GROUPS} groups.
     *
     * @throws dev.hawkeye.api.store.StoreException when the store cannot answer
     * @throws UnsupportedOperationException        when the store cannot find series by matchers
     */
    GroupedValues query(SeriesSelector selector, List<String> by, Aggregate aggregate, Duration window);

    /**
     * {@link #query} at each step of {@code [from, to]}: the value at {@code t} is the aggregate
     * over the {@code window} that ends at {@code t} (as a monitor's evaluation at {@code t}
     * reads it), the steps ending at multiples of {@code step} (at least the store's resolution,
     * and a multiple of it).
     *
     * @throws IllegalArgumentException when {@code to} is before {@code from}, the step is not a
     *                                  multiple of the resolution, the window is not positive, the
     *                                  range holds more than {@link #MAX_STEPS} steps, or its groups
     *                                  more than {@link #MAX_RANGE_VALUES} values together
     * @throws dev.hawkeye.api.store.StoreException when the store cannot answer
     * @throws UnsupportedOperationException        when the store cannot find series by matchers
     */
    GroupedRange queryRange(SeriesSelector selector, List<String> by, Aggregate aggregate, Instant from, Instant to,
                            Duration step, Duration window);

    /**
     * The series {@code selector} selects (its key may be null: every metric) that have a point in
     * the {@code window} that ends now, at most {@code limit} (itself at most
     * {@link #MAX_LISTED_SERIES}).
     *
     * @throws dev.hawkeye.api.store.StoreException when the store cannot answer
     * @throws IllegalArgumentException             when {@code limit} is beyond {@link #MAX_LISTED_SERIES}
     */
    List<SeriesInfo> series(SeriesSelector selector, Duration window, int limit);

    /** What each monitor watches and judges, in config order (empty where the agent does not run). */
    List<MonitorDefinition> monitors();

    /**
     * The last events of a monitor or instance (state changes and notifications), newest first, at
     * most {@link dev.hawkeye.api.store.AlertStore#HISTORY_LIMIT}; empty when none are kept.
     *
     * @throws dev.hawkeye.api.store.StoreException when the store cannot answer
     */
    List<dev.hawkeye.api.store.HistoryEvent> history(String monitor);

    /** The monitors' states and the drop counters. */
    StatusReport status();
}
