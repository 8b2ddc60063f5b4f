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
import java.util.Iterator;
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
 * {@link Counters#BATCHES_DROPPED} and {@link Counters#POINTS_DROPPED}; the first drop of an outage
 * (or of a spell of writes slower than the flushes, which ends when nothing waits) is logged with the
 * limit it reached, and its end with what it dropped. The newest batch is always kept, even when it alone holds more
 * buckets than the limit: dropping it would leave nothing to write once the store is back; so is the
 * batch being written, which a slow write holds while the batches cut meanwhile queue up. A failed write
 * keeps the batch; the next attempt waits the flush interval, doubling with each further failure up
 * to {@link #MAX_BACKOFF}. Whatever a write throws, {@link Error}s included (but
 * {@link VirtualMachineError}), is such a failure. An outage is logged once when it starts and once
 * when it ends (with what it cost), while every failed attempt is counted in
 * {@link Counters#STORE_ERRORS} and reported to the {@link StoreHealthTracker} (the first
 * successful write ends the outage there too).
 *
 * <p>Thread-safe: batches are added (by the cuts) while another thread writes. Writes take turns on
 * a lock of their own and call the store outside the queue's lock, so a slow store never holds up a
 * cut, and {@link #size()} and {@link #buckets()} (read by {@code status}) never wait at all.
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
    /** Writes take turns on this lock; the queue and the outage's state are guarded by {@code this}. */
    private final Object writeLock = new Object();
    private final Deque<FlushBatch> pending = new ArrayDeque<>();
    /** The batch at the head of {@link #pending} that a write holds now, which no drop may take; or null. */
    private FlushBatch writing;
    // The deque's size and the buckets its batches hold, for readers that take no lock (status).
    // A long: the newest batch is kept whatever its size.
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
     * the batch just queued, nor the one being written.
     */
    synchronized void add(FlushBatch batch) {
        pending.addLast(batch);
        buckets += batch.buckets().size();
        while (pending.size() > (writing == null ? 1 : 2) && (pending.size() > maxBatches || buckets > maxBuckets)) {
            Iterator<FlushBatch> oldestFirst = pending.iterator();
            FlushBatch dropped = oldestFirst.next();
            if (dropped == writing) {
                dropped = oldestFirst.next();
            }
            if (droppedBatches == 0) {
                logFirstDrop(dropped);
            }
            oldestFirst.remove();
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
                        + "the store {}, beyond the limit {}; further drops, until the store writes again or catches up, are "
                        + "counted in {}",
                oldest.id(), oldest.pointCount(), oldest.buckets().size(), pending.size(), buckets, store.describe(), limit,
                Counters.BATCHES_DROPPED);
    }

    /** Writes the pending batches in order unless a failed attempt's backoff is still running. */
    void writeIfDue() {
        synchronized (writeLock) {
            boolean due;
            synchronized (this) {
                due = failedAttempts == 0 || ticker.nanos() - nextAttemptNanos >= 0;
            }
            if (due) {
                writeNow();
            }
        }
    }

    /**
     * Writes the batches pending when it starts, in order, stopping at the first failure (the
     * failed batch and those behind it stay queued, so order is kept); those queued meanwhile are
     * left to the next write, so that a store slower than the cuts does not keep the caller for
     * ever. Any {@link Throwable} of the store's write but a {@link VirtualMachineError} is a
     * failure, counted and logged as a store error.
     *
     * @return {@code true} when nothing is left pending
     */
    boolean writeNow() {
        synchronized (writeLock) {
            int toWrite;
            synchronized (this) {
                toWrite = pending.size();
            }
            for (int done = 0; done < toWrite; done++) {
                FlushBatch batch;
                synchronized (this) {
                    batch = pending.peekFirst();
                    if (batch == null) {
                        // Drops took what was left.
                        return true;
                    }
                    writing = batch;
                }
                try {
                    store.write(batch);
                } catch (VirtualMachineError e) {
                    written(null);
                    throw e;
                } catch (Throwable e) {
                    // Also an Error (e.g. a plugin's NoClassDefFoundError): the batch stays and the flushes go on.
                    written(null);
                    failed(e);
                    return false;
                }
                written(batch);
                counters.increment(Counters.BATCHES_WRITTEN);
                recovered();
            }
            synchronized (this) {
                return pending.isEmpty();
            }
        }
    }

    /** Ends the write of {@link #writing}: removes it from the head when {@code batch} (it was written). */
    private synchronized void written(FlushBatch batch) {
        writing = null;
        if (batch != null) {
            // Still the head: drops never take the batch being written.
            pending.removeFirst();
            buckets -= batch.buckets().size();
            size = pending.size();
        }
    }

    /**
     * Gives up on whatever is still pending (at shutdown, after a last attempt failed): counts it as
     * dropped and logs it.
     */
    synchronized void abandon() {
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

    private synchronized void failed(Throwable e) {
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

    private synchronized void recovered() {
        if (outageSince == null) {
            // A store that answers, but slower than the batches come: its drops end when nothing waits any more.
            if (droppedBatches > 0 && pending.isEmpty()) {
                LOG.info("the store {} has caught up; {} batches ({} points) were dropped while its writes were slower than "
                        + "the flushes", store.describe(), droppedBatches, droppedPoints);
                droppedBatches = 0;
                droppedPoints = 0;
            }
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
