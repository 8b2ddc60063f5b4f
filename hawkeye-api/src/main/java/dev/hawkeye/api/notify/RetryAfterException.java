package dev.hawkeye.api.notify;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by {@link Notifier#send} when the medium asked to be called again later, e.g. an HTTP 429
 * answer with a {@code Retry-After} header. The dispatcher counts it as a failed attempt and waits
 * at least {@link #retryAfter()} before the next attempt to the same notifier (still within its
 * retry limits).
 */
public class RetryAfterException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Duration retryAfter;

    /**
     * @param message    why, as for any failed send (e.g. the HTTP status and the server's answer)
     * @param retryAfter how long the medium asked to wait; zero or more
     */
    public RetryAfterException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = requireNotNegative(retryAfter);
    }

    public RetryAfterException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = requireNotNegative(retryAfter);
    }

    /** The shortest wait before the next attempt. */
    public Duration retryAfter() {
        return retryAfter;
    }

    private static Duration requireNotNegative(Duration retryAfter) {
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative, got " + retryAfter);
        }
        return retryAfter;
    }
}
