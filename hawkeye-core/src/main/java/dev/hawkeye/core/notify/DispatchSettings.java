package dev.hawkeye.core.notify;

import java.time.Duration;

/**
 * The limits of the {@link Dispatcher}. Immutable.
 *
 * @param queueCapacity how many notifications may wait per notifier; beyond it a notification is
 *                      dropped, counted and logged
 * @param maxAttempts   how many times one notification is tried before it counts as failed
 * @param maxAge        how long after it was dispatched a notification may still be tried; a retry
 *                      that would start later is not made and the notification counts as failed
 * @param firstBackoff  the wait before the first retry; each further retry waits twice as long
 * @param maxBackoff    the longest wait between two attempts
 * @param closeTimeout  how long {@link Dispatcher#close()} waits for queued notifications
 * @param sendTimeout   how long one call of a notifier's {@code send} may take before it counts as
 *                      a failed attempt (see {@link Dispatcher} for what happens to the call)
 * @param jitter        the fraction of each backoff that is random, from 0 (none) to 1: a wait
 *                      lies between {@code (1 - jitter)} times the backoff and the backoff, so
 *                      notifiers that failed together do not retry together
 * @param rateLimit     how many notifications one notifier may send per {@code rateWindow}; the
 *                      excess is suppressed, counted, and summarised in one message per route
 *                      when the limit frees up
 * @param rateWindow    the sliding window of {@code rateLimit}
 */
public record DispatchSettings(int queueCapacity, int maxAttempts, Duration maxAge, Duration firstBackoff,
                               Duration maxBackoff, Duration closeTimeout, Duration sendTimeout, double jitter,
                               int rateLimit, Duration rateWindow) {

    /** The send timeout when none is given. */
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(60);

    /**
     * 1,000 queued per notifier; up to 10 attempts over at most 15 minutes, waiting 1 s, 2 s, 4 s
     * ... 60 s, each up to half shorter at random; 60 s per send; at most 30 notifications per
     * minute per notifier.
     */
    public static final DispatchSettings DEFAULTS = new DispatchSettings(1_000, 10, Duration.ofMinutes(15),
            Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(10), DEFAULT_SEND_TIMEOUT, 0.5, 30,
            Duration.ofMinutes(1));

    public DispatchSettings {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1, got " + queueCapacity);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        requirePositive("maxAge", maxAge);
        requirePositive("firstBackoff", firstBackoff);
        requirePositive("maxBackoff", maxBackoff);
        requirePositive("closeTimeout", closeTimeout);
        requirePositive("sendTimeout", sendTimeout);
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be from 0 to 1, got " + jitter);
        }
        if (rateLimit < 1) {
            throw new IllegalArgumentException("rateLimit must be at least 1, got " + rateLimit);
        }
        requirePositive("rateWindow", rateWindow);
    }

    /**
     * Retry and shutdown limits only, as the first version of the dispatcher had them: no jitter,
     * no rate limit (in effect), and {@link #DEFAULT_SEND_TIMEOUT}.
     */
    public DispatchSettings(int queueCapacity, int maxAttempts, Duration maxAge, Duration firstBackoff, Duration maxBackoff,
                            Duration closeTimeout) {
        this(queueCapacity, maxAttempts, maxAge, firstBackoff, maxBackoff, closeTimeout, DEFAULT_SEND_TIMEOUT, 0,
                Integer.MAX_VALUE, Duration.ofMinutes(1));
    }

    /** These settings with another send timeout. */
    public DispatchSettings withSendTimeout(Duration timeout) {
        return new DispatchSettings(queueCapacity, maxAttempts, maxAge, firstBackoff, maxBackoff, closeTimeout, timeout, jitter,
                rateLimit, rateWindow);
    }

    /** These settings with another jitter. */
    public DispatchSettings withJitter(double fraction) {
        return new DispatchSettings(queueCapacity, maxAttempts, maxAge, firstBackoff, maxBackoff, closeTimeout, sendTimeout,
                fraction, rateLimit, rateWindow);
    }

    /** These settings with at most {@code limit} notifications per {@code window} and notifier. */
    public DispatchSettings withRateLimit(int limit, Duration window) {
        return new DispatchSettings(queueCapacity, maxAttempts, maxAge, firstBackoff, maxBackoff, closeTimeout, sendTimeout,
                jitter, limit, window);
    }

    /** The wait after the {@code attempt}-th failed attempt (1-based), without jitter: doubling, capped. */
    public Duration backoffAfter(int attempt) {
        Duration wait = firstBackoff;
        for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    /**
     * The wait after the {@code attempt}-th failed attempt with jitter applied: {@code random} (from 0
     * inclusive to 1 exclusive) takes up to {@code jitter} of the backoff away.
     */
    public Duration backoffAfter(int attempt, double random) {
        Duration ceiling = backoffAfter(attempt);
        long nanos = ceiling.toNanos();
        return Duration.ofNanos(nanos - (long) (nanos * jitter * random));
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
        }
    }
}
