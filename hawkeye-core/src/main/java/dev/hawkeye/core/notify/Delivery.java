package dev.hawkeye.core.notify;

import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.core.Ticker;

/**
 * One notification a lane has taken from its queue, until it is sent or has failed, with what its
 * {@link RetryQueue} knows of it. Times are {@link Ticker} nanoseconds. Used by one lane thread
 * only; not thread-safe.
 */
final class Delivery {
    final Notification notification;
    /** Its monitor and route: deliveries with the same key go out in the order they were taken. */
    final String key;
    /** When its maximum age runs out: no attempt starts later. */
    final long giveUpAtNanos;
    /** The lane's discard generation it was taken under; an older one is not sent. */
    final long generation;
    int attempts;
    /** When its retry is due, while it is parked. */
    long dueNanos;
    /** Its send timed out, then returned successfully: it is sent. */
    boolean deliveredLate;

    Delivery(Notification notification, long giveUpAtNanos, long generation) {
        this.notification = notification;
        this.key = notification.monitor() + "\n" + notification.route().path();
        this.giveUpAtNanos = giveUpAtNanos;
        this.generation = generation;
    }
}
