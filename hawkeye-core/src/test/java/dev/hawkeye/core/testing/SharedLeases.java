package dev.hawkeye.core.testing;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.store.AlertState;
import dev.hawkeye.api.store.MetricStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Leases as a store shared by several processes keeps them (like the Redis store's), for stores of
 * one test that stand for several processes: {@link #over} gives each process its view of one
 * store. A lease expires {@code ttl} after it was last taken or renewed (by {@link System#nanoTime()}).
 * Thread-safe.
 */
public final class SharedLeases {
    private record Lease(String owner, long expiresNanos) {
    }

    private final Map<String, Lease> leases = new HashMap<>();

    private synchronized boolean tryHold(String name, String owner, Duration ttl) {
        long now = System.nanoTime();
        Lease current = leases.get(name);
        if (current == null || current.expiresNanos() - now <= 0 || current.owner().equals(owner)) {
            leases.put(name, new Lease(owner, now + ttl.toNanos()));
            return true;
        }
        return false;
    }

    /** {@code store} with these leases; closing it closes nothing (the test owns {@code store}). */
    public MetricStore over(MetricStore store) {
        return new MetricStore() {
            @Override public void write(FlushBatch batch) { store.write(batch); }
            @Override public OptionalDouble read(Series s, Aggregate a, Instant from, Instant to) { return store.read(s, a, from, to); }
            @Override public Optional<AlertState> loadAlertState(String monitor) { return store.loadAlertState(monitor); }
            @Override public void saveAlertState(AlertState state) { store.saveAlertState(state); }
            @Override public Map<String, AlertState> loadAlertStates() { return store.loadAlertStates(); }
            @Override public boolean tryHoldLease(String name, String owner, Duration ttl) { return tryHold(name, owner, ttl); }
            @Override public String describe() { return "shared " + store.describe(); }
        };
    }
}
