package dev.hawkeye.core.alert;

import dev.hawkeye.api.notify.Notification;

/**
 * Where the {@link AlertEngine}'s notifications go once their state change is saved with them:
 * normally {@link dev.hawkeye.core.notify.Dispatcher#dispatch}. Called from evaluation threads; must
 * not block and must not throw for a delivery problem.
 */
@FunctionalInterface
public interface NotificationTarget {
    /**
     * Queues {@code notification} for the notifier named {@code via}.
     *
     * @return true when it was accepted; false when it was dropped (and counted by the target)
     */
    boolean dispatch(String via, Notification notification);
}
