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
 */
public record DispatchSettings(int queueCapacity, int maxAttempts, Duration maxAge, Duration firstBackoff,
                               Duration maxBackoff, Duration closeTimeout) {

    /** 1,000 queued per notifier; up to 10 attempts over at most 15 minutes, waits 1 s, 2 s, 4 s ... 60 s. */
    public static final DispatchSettings DEFAULTS = new DispatchSettings(1_000, 10, Duration.ofMinutes(15),
            Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(10));

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
    }

    /** The wait after the {@code attempt}-th failed attempt (1-based): doubling, capped. */
    public Duration backoffAfter(int attempt) {
        Duration wait = firstBackoff;
        for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
        }
    }
}
