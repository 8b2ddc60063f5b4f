package dev.hawkeye.api.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a monitor's (or instance's) history, as the alert store keeps it. Immutable.
 *
 * @param at     when it happened
 * @param kind   what happened
 * @param state  {@link Kind#STATE}: the state it changed to ({@code OK}, {@code PENDING},
 *               {@code FIRING}); {@link Kind#NOTIFICATION}: the notification's kind ({@code FIRING},
 *               {@code RESOLVED})
 * @param level  the level then, or {@code null}
 * @param value  the value then ({@code NaN} without data)
 * @param detail what a person reads: {@code OK → FIRING}, {@code via ops (started)}; one line
 */
public record HistoryEvent(Instant at, Kind kind, String state, String level, double value, String detail) {
    /** What an event records. */
    public enum Kind {
        /** The monitor changed state or level. */
        STATE,
        /** A notification was decided, to go out through the notifier {@code detail} names. */
        NOTIFICATION
    }

    public HistoryEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        detail = Objects.requireNonNull(detail, "detail").replace('\n', ' ').replace('\r', ' ');
    }
}
