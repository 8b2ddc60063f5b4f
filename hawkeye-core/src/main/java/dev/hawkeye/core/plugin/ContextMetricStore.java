package dev.hawkeye.core.plugin;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.GroupedValues;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesInfo;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.store.AlertState;
import dev.hawkeye.api.store.AlertStore;
import dev.hawkeye.api.store.Fence;
import dev.hawkeye.api.store.Leases;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.store.OutboxEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A plugin's {@link MetricStore}, called with the plugin's context class loader. Forwards every
 * method, default ones included, so a store's own implementation of an optional ability is used,
 * and wraps its capabilities alike.
 */
final class ContextMetricStore implements MetricStore {
    private final MetricStore delegate;
    private final ClassLoader loader;

    private final Optional<AlertStore> alerts;
    private final Optional<Leases> leases;

    ContextMetricStore(MetricStore delegate, ClassLoader loader) {
        this.delegate = delegate;
        this.loader = loader;
        this.alerts = ContextSwitch.call(loader, delegate::alerts).map(inner -> new ContextAlertStore(inner, loader));
        this.leases = ContextSwitch.call(loader, delegate::leases).map(inner -> new ContextLeases(inner, loader));
    }

    /** The store's alert states and outbox, called with the plugin's context class loader. */
    private record ContextAlertStore(AlertStore delegate, ClassLoader loader) implements AlertStore {
        @Override
        public Map<String, AlertState> loadStates() {
            return ContextSwitch.call(loader, delegate::loadStates);
        }

        @Override
        public Optional<AlertState> loadState(String monitor) {
            return ContextSwitch.call(loader, () -> delegate.loadState(monitor));
        }

        @Override
        public int save(AlertState state, List<OutboxEntry> entries, Fence fence) {
            return ContextSwitch.call(loader, () -> delegate.save(state, entries, fence));
        }

        @Override
        public List<OutboxEntry> outbox(int limit) {
            return ContextSwitch.call(loader, () -> delegate.outbox(limit));
        }

        @Override
        public void remove(List<String> ids) {
            ContextSwitch.run(loader, () -> delegate.remove(ids));
        }

        @Override
        public void forget(String monitor, Fence fence) {
            ContextSwitch.run(loader, () -> delegate.forget(monitor, fence));
        }
    }

    /** The store's leases, called with the plugin's context class loader. */
    private record ContextLeases(Leases delegate, ClassLoader loader) implements Leases {
        @Override
        public OptionalLong tryHold(String name, String owner, Duration ttl) {
            return ContextSwitch.call(loader, () -> delegate.tryHold(name, owner, ttl));
        }

        @Override
        public void release(String name, String owner) {
            ContextSwitch.run(loader, () -> delegate.release(name, owner));
        }
    }

    @Override
    public void write(FlushBatch batch) {
        ContextSwitch.run(loader, () -> delegate.write(batch));
    }

    @Override
    public OptionalDouble read(Series series, Aggregate aggregate, Instant from, Instant to) {
        return ContextSwitch.call(loader, () -> delegate.read(series, aggregate, from, to));
    }

    @Override
    public List<SeriesInfo> series(SeriesSelector selector, Instant from, Instant to, int limit) {
        return ContextSwitch.call(loader, () -> delegate.series(selector, from, to, limit));
    }

    @Override
    public GroupedValues readGrouped(SeriesSelector selector, List<String> groupBy, Aggregate aggregate, Instant from,
                                     Instant to, int maxGroups) {
        return ContextSwitch.call(loader, () -> delegate.readGrouped(selector, groupBy, aggregate, from, to, maxGroups));
    }

    @Override
    public Optional<AlertStore> alerts() {
        return alerts;
    }

    @Override
    public Optional<Leases> leases() {
        return leases;
    }

    @Override
    public Map<String, Long> counters() {
        return ContextSwitch.call(loader, delegate::counters);
    }

    @Override
    public String describe() {
        return ContextSwitch.call(loader, delegate::describe);
    }

    @Override
    public void close() {
        ContextSwitch.run(loader, delegate::close);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
