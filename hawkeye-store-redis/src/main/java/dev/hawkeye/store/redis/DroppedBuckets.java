package dev.hawkeye.store.redis;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Counts the buckets the Redis store did not keep, for {@code store.buckets.dropped}, and logs a
 * line about them at most once a minute (on the monotonic clock, so a clock step neither floods
 * nor silences the log), with the total since the store was opened. Thread-safe.
 */
final class DroppedBuckets {
    static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final System.Logger LOG = System.getLogger(RedisMetricStore.class.getName());

    private final LongSupplier nanoTime;
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong loggedAtNanos = new AtomicLong();
    private volatile boolean logged;

    DroppedBuckets(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Counts {@code buckets} more dropped; {@code why} completes "redis store dropped N bucket(s) ...". */
    void add(long buckets, Supplier<String> why) {
        if (buckets <= 0) {
            return;
        }
        long sum = total.addAndGet(buckets);
        long now = nanoTime.getAsLong();
        long last = loggedAtNanos.get();
        if ((!logged || now - last >= LOG_INTERVAL_NANOS) && loggedAtNanos.compareAndSet(last, now)) {
            logged = true;
            LOG.log(Level.WARNING, "redis store dropped " + buckets + " bucket(s) " + why.get() + "; " + sum
                    + " dropped since it was opened (logged at most once a minute)");
        }
    }

    long total() {
        return total.get();
    }
}
