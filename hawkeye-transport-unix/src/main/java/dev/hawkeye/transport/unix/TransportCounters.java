package dev.hawkeye.transport.unix;

import dev.hawkeye.protocol.ProtocolCounters;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The transport's counters, and the log of its drops. Thread-safe.
 *
 * <p>A drop is counted every time and logged with its reason, but at most once a second per kind
 * (with the running total), so that a client hammering a full server cannot flood the log.
 */
final class TransportCounters implements ProtocolCounters {
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Logger log;
    private final LongAdder[] values = new LongAdder[TransportCounter.values().length];
    private final AtomicLong[] lastLogged = new AtomicLong[TransportCounter.values().length];

    TransportCounters(Logger log) {
        this.log = log;
        for (int i = 0; i < values.length; i++) {
            values[i] = new LongAdder();
            lastLogged[i] = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
        }
    }

    @Override
    public void pointInvalid() {
        increment(TransportCounter.POINTS_INVALID);
    }

    @Override
    public void seriesRefused(String reason) {
        drop(TransportCounter.SERIES_REFUSED, Level.WARNING, reason);
    }

    @Override
    public void recordFailed(String reason) {
        drop(TransportCounter.REQUESTS_FAILED, Level.WARNING, reason);
    }

    void increment(TransportCounter counter) {
        values[counter.ordinal()].increment();
    }

    void add(TransportCounter counter, long amount) {
        values[counter.ordinal()].add(amount);
    }

    /** Counts a drop and logs it (rate-limited) at {@code level} with its reason. */
    void drop(TransportCounter counter, Level level, String reason) {
        drop(counter, level, 1, reason);
    }

    /** Counts {@code amount} drops of one kind and logs them (rate-limited) with their reason. */
    void drop(TransportCounter counter, Level level, long amount, String reason) {
        add(counter, amount);
        AtomicLong last = lastLogged[counter.ordinal()];
        long now = System.nanoTime();
        long previous = last.get();
        if (now - previous >= LOG_INTERVAL_NANOS && last.compareAndSet(previous, now)) {
            log.log(level, reason + " (" + counter.key() + " = " + get(counter) + ")");
        }
    }

    long get(TransportCounter counter) {
        return values[counter.ordinal()].sum();
    }

    /** Every counter by its dotted name, sorted. */
    Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        for (TransportCounter counter : TransportCounter.values()) {
            out.put(counter.key(), get(counter));
        }
        return out;
    }
}
