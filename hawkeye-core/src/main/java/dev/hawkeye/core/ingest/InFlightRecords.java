package dev.hawkeye.core.ingest;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Counts the {@link Aggregator#record} and {@link Aggregator#recordAll} calls in progress, so that {@link Aggregator#close()} can
 * wait for those that passed its closed check before it cuts the last batch.
 *
 * <p>Striped by thread, each stripe on a cache line of its own, so that recorders on different
 * threads rarely touch the same counter: one uncontended atomic increment and decrement per call
 * (per point for {@code record}, per list for {@code recordAll}).
 * A call increments and decrements the same stripe, so each stripe alone returns to zero once its
 * calls have ended; no sum over stripes (which could be torn) is needed.
 *
 * <p>Memory ordering (the argument {@link Aggregator#close()} relies on): a recorder increments its
 * stripe and then reads {@code closed}; the closer writes {@code closed} and then reads every
 * stripe. These are all volatile accesses, which the Java memory model puts in one total order
 * consistent with each thread's program order. So for each recorder either its increment comes
 * before the closer's read of its stripe (the closer sees it and waits for the decrement, which
 * comes after the point was added to its cell: the cut that follows sees the point), or it comes
 * after, and then the recorder's read of {@code closed} comes after the closer's write and sees
 * {@code true}: the point is refused, never lost.
 */
final class InFlightRecords {
    /** Longs between two stripes: 128 bytes, so no two stripes share a cache line (or an adjacent-line prefetch). */
    private static final int STRIDE = 16;
    private final AtomicLongArray counts;
    private final int mask;

    InFlightRecords() {
        int stripes = Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors()) * 2 - 1) * 2;
        this.counts = new AtomicLongArray(stripes * STRIDE);
        this.mask = stripes - 1;
    }

    /** Marks a call begun on this thread; pass the result to {@link #end}. */
    int begin() {
        int index = stripeOfThisThread() * STRIDE;
        counts.getAndIncrement(index);
        return index;
    }

    /** Marks the call that {@link #begin} returned {@code index} for as ended. */
    void end(int index) {
        counts.getAndDecrement(index);
    }

    /** Returns once every call that had begun before this method read its stripe has ended. */
    void awaitNone() {
        for (int index = 0; index < counts.length(); index += STRIDE) {
            for (int spins = 0; counts.get(index) != 0; spins++) {
                // A call holds no I/O and only short locks: it ends within microseconds (a list of a
                // thousand points within a few hundred).
                if (spins < 100) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
                }
            }
        }
    }

    private int stripeOfThisThread() {
        long id = Thread.currentThread().getId();
        return (int) ((id * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    }
}
