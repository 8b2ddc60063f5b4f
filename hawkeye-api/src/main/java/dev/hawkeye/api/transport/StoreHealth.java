package dev.hawkeye.api.transport;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether the store answers, as {@code status} reports it. Immutable.
 *
 * @param available        {@code false} while reads or writes of the store fail
 * @param unavailableSince when the outage began; {@code null} exactly when available
 * @param reason           the last failure's message (a {@code StoreException}'s, which holds no
 *                         credentials); {@code null} exactly when available
 */
public record StoreHealth(boolean available, Instant unavailableSince, String reason) {
    /** The store answers. */
    public static final StoreHealth AVAILABLE = new StoreHealth(true, null, null);

    /**
     * @throws IllegalArgumentException when an available store has a since or reason, or an
     *                                  unavailable one lacks either
     */
    public StoreHealth {
        if (available && (unavailableSince != null || reason != null)) {
            throw new IllegalArgumentException("an available store has no unavailableSince or reason");
        }
        if (!available && (unavailableSince == null || reason == null)) {
            throw new IllegalArgumentException("an unavailable store needs unavailableSince and reason");
        }
    }

    /** The store has failed since {@code since}, last with {@code reason}. */
    public static StoreHealth unavailable(Instant since, String reason) {
        return new StoreHealth(false, Objects.requireNonNull(since, "since"), Objects.requireNonNull(reason, "reason"));
    }
}
