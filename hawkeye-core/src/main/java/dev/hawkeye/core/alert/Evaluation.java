package dev.hawkeye.core.alert;

import dev.hawkeye.api.store.AlertState;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of evaluating one monitor once. Immutable.
 *
 * @param next   the monitor's state after the evaluation (equal to the previous one, value
 *               included, when nothing changed)
 * @param events the notifications to send, in order; empty when none is due
 */
public record Evaluation(AlertState next, List<AlertEvent> events) {
    public Evaluation {
        Objects.requireNonNull(next, "next");
        events = List.copyOf(events);
    }
}
