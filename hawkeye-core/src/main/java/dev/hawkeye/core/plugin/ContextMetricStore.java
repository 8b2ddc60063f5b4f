package dev.hawkeye.core.plugin;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.store.AlertState;
import dev.hawkeye.api.store.MetricStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A plugin's {@link MetricStore}, called with the plugin's context class loader. Forwards every
 * method, default ones included, so a store's own implementation of an optional ability is used.
 */
final class ContextMetricStore implements MetricStore {
    private final MetricStore delegate;
    private final ClassLoader loader;

    ContextMetricStore(MetricStore delegate, ClassLoader loader) {
        this.delegate = delegate;
        this.loader = loader;
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
    public Optional<AlertState> loadAlertState(String monitor) {
        return ContextSwitch.call(loader, () -> delegate.loadAlertState(monitor));
    }

    @Override
    public void saveAlertState(AlertState state) {
        ContextSwitch.run(loader, () -> delegate.saveAlertState(state));
    }

    @Override
    public Map<String, AlertState> loadAlertStates() {
        return ContextSwitch.call(loader, delegate::loadAlertStates);
    }

    @Override
    public boolean tryHoldLease(String name, String owner, Duration ttl) {
        return ContextSwitch.call(loader, () -> delegate.tryHoldLease(name, owner, ttl));
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
