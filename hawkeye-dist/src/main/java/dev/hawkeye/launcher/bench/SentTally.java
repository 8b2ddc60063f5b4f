package dev.hawkeye.launcher.bench;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What each load thread has sent, written by that thread alone and summed by the progress reader:
 * one slot per thread, 16 longs apart so that threads do not share a cache line.
 */
final class SentTally {
    private static final int SPACING = 16;

    private final int threads;
    private final AtomicLongArray slots;

    SentTally(int threads) {
        this.threads = threads;
        this.slots = new AtomicLongArray(threads * SPACING);
    }

    /** Thread {@code thread} has sent {@code sent} in all. */
    void set(int thread, long sent) {
        slots.lazySet(thread * SPACING, sent);
    }

    /** What every thread has sent. */
    long total() {
        long total = 0;
        for (int i = 0; i < threads; i++) {
            total += slots.get(i * SPACING);
        }
        return total;
    }
}
