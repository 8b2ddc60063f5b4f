package dev.hawkeye.core.store;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts what the memory store drops (or evicts) for one reason and logs it at most once a minute,
 * with the total since the store was created, so that a steady stream of drops neither floods the
 * log nor goes unseen. Thread-safe.
 */
final class DropTally {
    static final Duration LOG_INTERVAL = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(MemoryStore.class);

    /** The log line of a tally. */
    @FunctionalInterface
    interface Line {
        /**
         * @param buckets how many were dropped now
         * @param detail  what the caller says about them
         * @param total   how many were dropped since the store was created
         */
        String format(long buckets, String detail, long total);
    }

    private final Line line;
    private final Clock clock;
    private final AtomicLong total = new AtomicLong();
    /** When the last line was logged, or {@link Long#MIN_VALUE} before the first. */
    private final AtomicLong loggedAtMillis = new AtomicLong(Long.MIN_VALUE);

    /**
     * A tally that logs "memory store dropped N bucket(s) REASON, e.g. EXAMPLE; ...".
     *
     * @param reason why the buckets are dropped, completing "dropped N bucket(s) ...", e.g.
     *               {@code "older than the retention (24h)"}
     */
    DropTally(String reason, Clock clock) {
        this((buckets, example, sum) -> "memory store dropped " + buckets + " bucket(s) " + reason + ", e.g. " + example + "; "
                + sum + " dropped for this reason since it started (logged at most once a minute)", clock);
    }

    DropTally(Line line, Clock clock) {
        this.line = line;
        this.clock = clock;
    }

    /** Counts {@code buckets} more dropped, {@code detail} naming one of them (or saying what it left); logs unless a line was logged within a minute. */
    void add(long buckets, String detail) {
        if (buckets <= 0) {
            return;
        }
        long sum = total.addAndGet(buckets);
        long now = clock.millis();
        long last = loggedAtMillis.get();
        if ((last == Long.MIN_VALUE || now - last >= LOG_INTERVAL.toMillis()) && loggedAtMillis.compareAndSet(last, now)) {
            log.warn(line.format(buckets, detail, sum));
        }
    }

    /** How many buckets were dropped for this reason since the store was created. */
    long total() {
        return total.get();
    }
}
