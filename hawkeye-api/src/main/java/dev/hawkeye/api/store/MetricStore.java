package dev.hawkeye.api.store;

import java.util.Map;
import java.util.Optional;

/**
 * What a store plugin creates: its {@linkplain MetricData metric data}, and the abilities it has
 * beyond that, split by capability as a store implements them:
 * <ul>
 *   <li>{@link #alerts()}: alert states and the notification outbox. Without it core keeps them in
 *       the process (one agent; a restart forgets them);</li>
 *   <li>{@link #leases()}: fenced leases, for several agents sharing the store. Without it each
 *       agent acts as the only one, so such a store serves one agent.</li>
 * </ul>
 * Each capability is the same object for the store's life. Thread-safe; closed once, after the
 * last call of any capability.
 */
public interface MetricStore extends MetricData, AutoCloseable {

    /** Alert states and the outbox kept in this store; empty when the store keeps none. */
    default Optional<AlertStore> alerts() {
        return Optional.empty();
    }

    /** Leases of this store; empty for a store only one process can use. */
    default Optional<Leases> leases() {
        return Optional.empty();
    }

    /**
     * What the store itself did not keep, by counter name (dotted lower case, starting with
     * {@code store.}, e.g. {@code store.buckets.dropped}), for {@code hawkeye status} beside the
     * process's own counters, so that a store that drops data to stay within its bounds does not do
     * it silently. Counts only grow. The default: none.
     */
    default Map<String, Long> counters() {
        return Map.of();
    }

    /** A short description for logs and {@code hawkeye plugins}, without credentials. */
    default String describe() {
        return getClass().getSimpleName();
    }

    /** Releases connections and threads. Called once, after the last write. */
    @Override
    default void close() {
    }
}
