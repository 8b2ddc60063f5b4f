package dev.hawkeye.api.store;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Where flushed aggregates and alert state live. Implementations must be safe to call from
 * several threads at once. Every method may throw {@link StoreException} when the store cannot
 * be reached; none may block longer than its configured timeout.
 */
public interface MetricStore extends AutoCloseable {

    /**
     * Applies a flushed batch: merges each bucket's stats into what the store holds for that series
     * and bucket ({@link dev.hawkeye.api.metric.Stats#merge}). Must apply a batch <em>exactly once</em>:
     * a second write of the same {@link FlushBatch#id()} (a retry after a lost answer) changes nothing.
     */
    void write(FlushBatch batch);

    /**
     * Reads one aggregate of a series over {@code [from, to)}, in one round trip whatever the
     * window's length. Buckets are included when they start inside the window.
     *
     * @return the value, or empty when the series has no point in the window and the aggregate
     *         has no value for nothing (see {@link Aggregate#of})
     */
    OptionalDouble read(Series series, Aggregate aggregate, Instant from, Instant to);

    /** The saved alert state of a monitor, if any. */
    Optional<AlertState> loadAlertState(String monitor);

    /** Saves the alert state of {@code state.monitor()}, replacing what was there. */
    void saveAlertState(AlertState state);

    /** Every saved alert state by monitor name (for {@code hawkeye status} and start-up). */
    Map<String, AlertState> loadAlertStates();

    /**
     * Takes or renews the lease {@code name} for {@code owner} for {@code ttl}, so that of several
     * processes sharing this store one at a time does a job (hawkeye's agents use the lease
     * {@code agent}: one evaluates the monitors and notifies, the others stand by).
     *
     * <p>Returns {@code true} when {@code owner} holds the lease from now for {@code ttl}: it was
     * free, had expired, or was already {@code owner}'s (then its time is extended). Returns
     * {@code false} while another owner holds it. A holder renews it well before {@code ttl} has
     * passed; one that stops renewing (it crashed, or cannot reach the store) loses it when it
     * expires, and another owner can then take it.
     *
     * <p>The default returns {@code true}: right for a store that lives in one process, which
     * nothing else can share. A store that several processes share should override it; one that
     * does not makes each of them act as the holder.
     *
     * @throws StoreException when the store cannot be reached (who holds the lease is unknown)
     */
    default boolean tryHoldLease(String name, String owner, Duration ttl) {
        return true;
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
