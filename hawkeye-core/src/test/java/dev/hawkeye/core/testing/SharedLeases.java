package dev.hawkeye.core.testing;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.Series;
import java.util.List;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.metric.GroupedValues;
import dev.hawkeye.api.store.AlertStore;
import dev.hawkeye.api.store.Leases;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.core.store.MemoryAlertStore;
import dev.hawkeye.core.store.MemoryLeases;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Fenced leases, alert states and an outbox as a store shared by several processes keeps them
 * (like the Redis store's), for stores of one test that stand for several processes: {@link #over}
 * gives each process its view of one store. Thread-safe.
 */
public final class SharedLeases {
    private final MemoryLeases leases = new MemoryLeases();
    private final MemoryAlertStore alerts = new MemoryAlertStore(leases, MemoryAlertStore.DEFAULT_OUTBOX_LIMIT);

    /** The shared alert states and outbox. */
    public AlertStore alerts() {
        return alerts;
    }

    /** {@code store}'s data with these leases and alerts; closing it closes nothing (the test owns {@code store}). */
    public MetricStore over(MetricStore store) {
        return new MetricStore() {
            @Override public void write(FlushBatch batch) { store.write(batch); }
            @Override public OptionalDouble read(Series s, Aggregate a, Instant from, Instant to) { return store.read(s, a, from, to); }
            @Override public GroupedValues readGrouped(SeriesSelector selector, List<String> by, Aggregate a, Instant from, Instant to,
                                                       int max) { return store.readGrouped(selector, by, a, from, to, max); }
            @Override public Optional<AlertStore> alerts() { return Optional.of(alerts); }
            @Override public Optional<Leases> leases() { return Optional.of(leases); }
            @Override public String describe() { return "shared " + store.describe(); }
        };
    }
}
