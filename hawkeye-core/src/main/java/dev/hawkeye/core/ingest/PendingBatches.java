package dev.hawkeye.core.ingest;

import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.store.StoreException;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.StoreHealthTracker;
import dev.hawkeye.core.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flushed batches not yet written to the store, written oldest first.
 *
 * <p>Bounded twice: by the number of batches ({@code max_pending_batches}) and by the number of
 * series buckets they hold together ({@code max_pending_buckets}), since a batch holds one bucket per
 * live series and so its size in memory varies by orders of magnitude. When adding a batch breaks
 * either limit, the oldest batches are dropped until both hold, each counted in
 * {@link Counters#BATCHES_DROPPED} and {@link Counters#POINTS_DROPPED}; the first drop of an outage is
 * logged with the limit it reached. The newest batch is always kept, even when it alone holds more
 * buckets than the limit: dropping it would leave nothing to write once the store is back. A failed write
 * keeps the batch; the next attempt waits the flush interval, doubling with each further failure up
 * to {@link #MAX_BACKOFF}. Whatever a write throws, {@link Error}s included (but
 * {@link VirtualMachineError}), is such a failure. An outage is logged once when it starts and once
 * when it ends (with what it cost), while every failed attempt is counted in
 * {@link Counters#STORE_ERRORS} and reported to the {@link StoreHealthTracker} (the first
 * successful write ends the outage there too).
 *
 * <p>Not thread-safe except {@link #size()} and {@link #buckets()}: the {@link Aggregator} calls it under its
 * flush lock.
 */
final class PendingBatches {
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(PendingBatches.class);

    private final MetricStore store;
    private final Counters counters;
    private final Clock clock;
    /** Measures the backoff: a step of the wall clock neither stalls the writes nor hurries them. */
    private final Ticker ticker;
    private final int maxBatches;
    private final int maxBuckets;
    private final Duration retryInterval;
    private final StoreHealthTracker storeHealth;
    private final Deque<FlushBatch> pending = new ArrayDeque<>();
    // The deque's size and the buckets its batches hold, for readers outside the flush lock (status)
    // that must not wait for a slow write. A long: the newest batch is kept whatever its size.
    private volatile int size;
    private volatile long buckets;

    // The current outage, if any: when it began, how many attempts failed, what it made us drop.
    private Instant outageSince;
    private int failedAttempts;
    /** When the next attempt is due, on {@link #ticker}; meaningless while {@link #failedAttempts} is 0. */
    private long nextAttemptNanos;
    private long droppedBatches;
    private long droppedPoints;

    PendingBatches(MetricStore store, Counters counters, Clock clock, Ticker ticker, int maxBatches, int maxBuckets,
                   Duration retryInterval, StoreHealthTracker storeHealth) {
        this.storeHealth = storeHealth;
        this.ticker = ticker;
        this.store = store;
        this.counters = counters;
        this.clock = clock;
        this.maxBatches = maxBatches;
        this.maxBuckets = maxBuckets;
        this.retryInterval = retryInterval;
    }

    /** How many batches wait; may be read from any thread. */
    int size() {
        return size;
    }

    /** How many series buckets the waiting batches hold together; may be read from any thread. */
    long buckets() {
        return buckets;
    }

    /**
     * Queues a batch behind the others, then drops the oldest batches while there are more than
     * {@code max_pending_batches} or they hold more than {@code max_pending_buckets} buckets; never
     * the batch just queued.
     */
    void add(FlushBatch batch) {
        pending.addLast(batch);
        buckets += batch.buckets().size();
        while (pending.size() > 1 && (pending.size() > maxBatches || buckets > maxBuckets)) {
            if (droppedBatches == 0) {
                logFirstDrop(pending.peekFirst());
            }
            FlushBatch dropped = pending.removeFirst();
            buckets -= dropped.buckets().size();
            long points = dropped.pointCount();
            counters.increment(Counters.BATCHES_DROPPED);
            counters.add(Counters.POINTS_DROPPED, points);
            droppedBatches++;
            droppedPoints += points;
        }
        size = pending.size();
    }

    private void logFirstDrop(FlushBatch oldest) {
        String limit = pending.size() > maxBatches
                ? "ingest.max_pending_batches: " + maxBatches
                : "ingest.max_pending_buckets: " + maxBuckets;
        LOG.warn("dropped the oldest unwritten batch {} ({} points, {} buckets): {} batches holding {} buckets are waiting for "
                        + "the store {}, beyond the limit {}; further drops during this outage are counted in {}",
                oldest.id(), oldest.pointCount(), oldest.buckets().size(), pending.size(), buckets, store.describe(), limit,
                Counters.BATCHES_DROPPED);
    }

    /** Writes the pending batches in order unless a failed attempt's backoff is still running. */
    void writeIfDue() {
        if (failedAttempts == 0 || ticker.nanos() - nextAttemptNanos >= 0) {
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
            buckets -= batch.buckets().size();
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
        buckets = 0;
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
        nextAttemptNanos = ticker.nanos() + TimeUnit.MILLISECONDS.toNanos(Math.min(backoff, MAX_BACKOFF.toMillis()));
        if (outageSince == null) {
            outageSince = clock.instant();
            String message = "cannot write to the store {}: {}; keeping up to {} batches or {} buckets and retrying with backoff "
                    + "up to {}s";
            if (e instanceof StoreException) {
                LOG.warn(message, store.describe(), e.getMessage(), maxBatches, maxBuckets, MAX_BACKOFF.toSeconds());
            } else {
                // Not an outage the store reported but a bug in it: give the trace.
                LOG.warn(message, store.describe(), e, maxBatches, maxBuckets, MAX_BACKOFF.toSeconds(), e);
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
        droppedBatches = 0;
        droppedPoints = 0;
    }
}
