package dev.hawkeye.core.ingest;

import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.store.StoreException;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.StoreHealthTracker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flushed batches not yet written to the store, written oldest first.
 *
 * <p>Bounded: beyond {@code maxPending} the oldest batch is dropped, counted in
 * {@link Counters#BATCHES_DROPPED} and {@link Counters#POINTS_DROPPED}, and logged. A failed write
 * keeps the batch; the next attempt waits the flush interval, doubling with each further failure up
 * to {@link #MAX_BACKOFF}. Whatever a write throws, {@link Error}s included (but
 * {@link VirtualMachineError}), is such a failure. An outage is logged once when it starts and once
 * when it ends (with what it cost), while every failed attempt is counted in
 * {@link Counters#STORE_ERRORS} and reported to the {@link StoreHealthTracker} (the first
 * successful write ends the outage there too).
 *
 * <p>Not thread-safe except {@link #size()}: the {@link Aggregator} calls it under its flush lock.
 */
final class PendingBatches {
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(PendingBatches.class);

    private final MetricStore store;
    private final Counters counters;
    private final Clock clock;
    private final int maxPending;
    private final Duration retryInterval;
    private final StoreHealthTracker storeHealth;
    private final Deque<FlushBatch> pending = new ArrayDeque<>();
    // The deque's size, for readers outside the flush lock (status) that must not wait for a slow write.
    private volatile int size;

    // The current outage, if any: when it began, how many attempts failed, what it made us drop.
    private Instant outageSince;
    private int failedAttempts;
    private long nextAttemptMillis = Long.MIN_VALUE;
    private long droppedBatches;
    private long droppedPoints;

    PendingBatches(MetricStore store, Counters counters, Clock clock, int maxPending, Duration retryInterval,
                   StoreHealthTracker storeHealth) {
        this.storeHealth = storeHealth;
        this.store = store;
        this.counters = counters;
        this.clock = clock;
        this.maxPending = maxPending;
        this.retryInterval = retryInterval;
    }

    /** How many batches wait; may be read from any thread. */
    int size() {
        return size;
    }

    /** Queues a batch behind the others, dropping the oldest when the queue is full. */
    void add(FlushBatch batch) {
        pending.addLast(batch);
        while (pending.size() > maxPending) {
            FlushBatch dropped = pending.removeFirst();
            counters.increment(Counters.BATCHES_DROPPED);
            counters.add(Counters.POINTS_DROPPED, dropped.pointCount());
            if (droppedBatches == 0) {
                LOG.warn("dropped the oldest unwritten batch {} ({} points): {} batches are waiting for the store {}, "
                                + "the limit (max_pending_batches); further drops during this outage are counted in {}",
                        dropped.id(), dropped.pointCount(), maxPending, store.describe(), Counters.BATCHES_DROPPED);
            }
            droppedBatches++;
            droppedPoints += dropped.pointCount();
        }
        size = pending.size();
    }

    /** Writes the pending batches in order unless a failed attempt's backoff is still running. */
    void writeIfDue() {
        if (clock.millis() >= nextAttemptMillis) {
            writeNow();
        }
    }

    /**
     * Writes the pending batches in order, stopping at the first failure (the failed batch and
     * those behind it stay queued, so order is kept). Any {@link Throwable} of the store's write
     * but a {@link VirtualMachineError} is a failure, counted and logged as a store error.
     *
     * @return {@code true} when nothing is left pending
     */
    boolean writeNow() {
        while (!pending.isEmpty()) {
            FlushBatch batch = pending.peekFirst();
            try {
                store.write(batch);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                // Also an Error (e.g. a plugin's NoClassDefFoundError): the batch stays and the flushes go on.
                failed(e);
                return false;
            }
            pending.removeFirst();
            size = pending.size();
            counters.increment(Counters.BATCHES_WRITTEN);
            recovered();
        }
        return true;
    }

    /**
     * Gives up on whatever is still pending (at shutdown, after a last attempt failed): counts it as
     * dropped and logs it.
     */
    void abandon() {
        if (pending.isEmpty()) {
            return;
        }
        long batches = pending.size();
        long points = 0;
        for (FlushBatch batch : pending) {
            points += batch.pointCount();
        }
        pending.clear();
        size = 0;
        counters.add(Counters.BATCHES_DROPPED, batches);
        counters.add(Counters.POINTS_DROPPED, points);
        LOG.error("dropped {} unwritten batches ({} points) at shutdown: the store {} is unavailable",
                batches, points, store.describe());
    }

    private void failed(Throwable e) {
        counters.increment(Counters.STORE_ERRORS);
        storeHealth.failed(StoreHealthTracker.Source.INGEST, e instanceof StoreException ? e.getMessage() : e.toString());
        failedAttempts++;
        long backoff = retryInterval.toMillis() << Math.min(failedAttempts - 1, 20);
        nextAttemptMillis = clock.millis() + Math.min(backoff, MAX_BACKOFF.toMillis());
        if (outageSince == null) {
            outageSince = clock.instant();
            String message = "cannot write to the store {}: {}; keeping up to {} batches and retrying with backoff up to {}s";
            if (e instanceof StoreException) {
                LOG.warn(message, store.describe(), e.getMessage(), maxPending, MAX_BACKOFF.toSeconds());
            } else {
                // Not an outage the store reported but a bug in it: give the trace.
                LOG.warn(message, store.describe(), e, maxPending, MAX_BACKOFF.toSeconds(), e);
            }
        }
    }

    private void recovered() {
        if (outageSince == null) {
            return;
        }
        storeHealth.succeeded(StoreHealthTracker.Source.INGEST);
        LOG.info("the store {} is writable again after {}s and {} failed attempts; {} batches ({} points) were dropped meanwhile",
                store.describe(), Duration.between(outageSince, clock.instant()).toSeconds(), failedAttempts,
                droppedBatches, droppedPoints);
        outageSince = null;
        failedAttempts = 0;
        nextAttemptMillis = Long.MIN_VALUE;
        droppedBatches = 0;
        droppedPoints = 0;
    }
}
