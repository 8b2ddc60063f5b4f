package dev.hawkeye.core.alert;

import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.store.AlertStore;
import dev.hawkeye.api.store.Fence;
import dev.hawkeye.api.store.OutboxEntry;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.notify.NotificationCodec;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a {@link StateChange} durable, then sends it: the change is {@linkplain Routing routed}
 * first, so that its notifications enter the store's outbox in the same fenced step as the state
 * that caused them; only once that step succeeded are they handed to the {@link NotificationTarget}.
 * Thread-safe as its collaborators are.
 */
final class ChangeCommit {
    private static final Logger log = LoggerFactory.getLogger(AlertEngine.class);

    private final AlertStore alerts;
    private final NotificationTarget target;
    private final Counters counters;

    ChangeCommit(AlertStore alerts, NotificationTarget target, Counters counters) {
        this.alerts = alerts;
        this.target = target;
        this.counters = counters;
    }

    /**
     * Saves the change's state with one outbox entry per notification, under {@code fence}, then
     * dispatches the notifications.
     *
     * @throws dev.hawkeye.api.store.FencedException when another agent holds the lease; nothing saved or sent
     * @throws dev.hawkeye.api.store.StoreException  when the store failed; nothing sent
     */
    void commit(StateChange change, Fence fence) {
        List<Routed> notifications = Routing.of(change);
        List<OutboxEntry> entries = new ArrayList<>(notifications.size());
        notifications.forEach(routed -> entries.add(NotificationCodec.entry(routed.via(), routed.notification())));
        int overflow = alerts.save(change.evaluation().next(), entries, fence);
        if (overflow > 0) {
            counters.add(Counters.OUTBOX_OVERFLOW, overflow);
            log.warn("monitor {}: the outbox is full; {} notification(s) are sent without a place in it (a crash before "
                    + "they are delivered loses them)", change.spec().name(), overflow);
        }
        for (Routed routed : notifications) {
            Notification notification = routed.notification();
            log.info("monitor {} {} ({}) at level {}, value {}: notifying {}", notification.monitor(), notification.kind(),
                    notification.reason(), notification.level(), notification.formattedValue(), routed.via());
            target.dispatch(routed.via(), notification);
        }
    }
}
