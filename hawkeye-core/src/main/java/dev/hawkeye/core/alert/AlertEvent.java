package dev.hawkeye.core.alert;

import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.core.config.TriggerSpec;
import java.time.Instant;
import java.util.Objects;

/**
 * One notification an evaluation decided to send, before it is addressed to its routes. Immutable.
 *
 * @param trigger the trigger whose level and routes the notification uses (for RESOLVED: the
 *                level the monitor had)
 * @param kind    FIRING or RESOLVED
 * @param reason  why it goes out now
 * @param since   when the firing it reports began (for RESOLVED: when the level that ends began)
 */
public record AlertEvent(TriggerSpec trigger, Notification.Kind kind, Notification.Reason reason, Instant since) {
    public AlertEvent {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
    }
}
