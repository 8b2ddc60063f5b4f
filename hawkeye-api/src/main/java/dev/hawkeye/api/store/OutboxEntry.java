package dev.hawkeye.api.store;

import java.util.Objects;

/**
 * A notification that was decided but not yet accepted by its notifier, as the alert store keeps
 * it. The store does not read the payload. Immutable.
 *
 * @param id      the notification's id: unique per event and route, the same across resends
 * @param monitor the monitor it is about
 * @param via     the name of the notifier it goes through
 * @param payload the notification, encoded by core
 */
public record OutboxEntry(String id, String monitor, String via, String payload) {
    public OutboxEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(payload, "payload");
    }
}
