package dev.hawkeye.api.store;

import java.time.Instant;
import java.util.Optional;

/**
 * What the alert engine remembers of one monitor between evaluations and across restarts.
 * Immutable.
 *
 * @param monitor       the monitor's name
 * @param status        OK, PENDING or FIRING
 * @param level         the level of the breached trigger (PENDING and FIRING), or {@code null}
 * @param value         the value of the last evaluation, NaN when there was no data
 * @param since         when the current status (and level) began
 * @param lastNotified  when the last notification for the current episode was sent, or
 *                      {@code null} when none was
 * @param episode       a number that grows by one each time the monitor starts firing; with the
 *                      level and the notification count it makes a notification's id unique
 * @param notifications how many notifications this episode has sent so far
 */
public record AlertState(String monitor, AlertStatus status, String level, double value, Instant since,
                         Instant lastNotified, long episode, int notifications) {

    /** The state of a monitor never evaluated. */
    public static AlertState initial(String monitor, Instant now) {
        return new AlertState(monitor, AlertStatus.OK, null, Double.NaN, now, null, 0, 0);
    }

    public Optional<String> levelIfAny() {
        return Optional.ofNullable(level);
    }
}
