package dev.hawkeye.http;

import dev.hawkeye.protocol.ProtocolCounters;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the HTTP server counts, by the names {@code status} reports, and the log of its drops: each
 * kind counted every time, logged at most once a second (with the running total). Thread-safe.
 */
final class HttpCounters implements ProtocolCounters {
    static final String REQUESTS = "http.requests";
    /** Answered 503 at once: {@code max_concurrent_requests} were being handled. */
    static final String REJECTED = "http.requests.rejected";
    /** Answered 401: no token, or the wrong one. */
    static final String UNAUTHORIZED = "http.requests.unauthorized";
    /** Answered 500: the server failed inside. */
    static final String FAILED = "http.requests.failed";
    /** Answered 413: a body over {@code max_body_bytes}. */
    static final String OVERSIZE = "http.bodies.oversize";
    static final String POINTS_INVALID = "http.points.invalid";
    static final String SERIES_REFUSED = "http.series.refused";
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final String[] NAMES = {REQUESTS, REJECTED, UNAUTHORIZED, FAILED, OVERSIZE, POINTS_INVALID, SERIES_REFUSED};

    private final Logger log;
    private final Map<String, LongAdder> values = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastLogged = new ConcurrentHashMap<>();

    HttpCounters(Logger log) {
        this.log = log;
        for (String name : NAMES) {
            values.put(name, new LongAdder());
            lastLogged.put(name, new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS));
        }
    }

    void increment(String name) {
        values.get(name).increment();
    }

    /** Counts a drop and logs it (rate-limited) at {@code level} with its reason. */
    void drop(String name, Level level, String reason) {
        increment(name);
        AtomicLong last = lastLogged.get(name);
        long now = System.nanoTime();
        long previous = last.get();
        if (now - previous >= LOG_INTERVAL_NANOS && last.compareAndSet(previous, now)) {
            log.log(level, reason + " (" + name + " = " + values.get(name).sum() + ")");
        }
    }

    @Override
    public void pointInvalid() {
        increment(POINTS_INVALID);
    }

    @Override
    public void seriesRefused(String reason) {
        drop(SERIES_REFUSED, Level.WARNING, reason);
    }

    @Override
    public void recordFailed(String reason) {
        drop(FAILED, Level.WARNING, reason);
    }

    /** Every counter by name, sorted. */
    Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        values.forEach((name, value) -> out.put(name, value.sum()));
        return out;
    }
}
