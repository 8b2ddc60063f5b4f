package dev.hawkeye.core.alert;

import dev.hawkeye.api.notify.Notification;

/** A notification addressed to the notifier named {@code via}. Immutable. */
record Routed(String via, Notification notification) {
}
