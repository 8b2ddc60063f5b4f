package dev.hawkeye.core.alert;

import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.store.AlertState;
import dev.hawkeye.api.store.AlertStore;
import dev.hawkeye.api.store.Fence;
import dev.hawkeye.api.store.HistoryEvent;
import dev.hawkeye.api.store.OutboxEntry;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.notify.NotificationCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a {@link StateChange} durable, then sends it: the change is {@linkplain Routing routed}
 * first, so that its notifications enter the store's outbox in the same fenced step as the state
 * that caused them; only once that step succeeded can they be handed to the
 * {@link NotificationTarget}. Thread-safe as its collaborators are.
 */
final class ChangeCommit {
    /** The engine's logger: these lines tell what the engine decided. */
    private static final Logger log = LoggerFactory.getLogger(AlertEngine.class);

    private final AlertStore alerts;
    private final NotificationTarget target;
    private final Counters counters;

    ChangeCommit(AlertStore alerts, NotificationTarget target, Counters counters) {
        this.alerts = alerts;
        this.target = target;
        this.counters = counters;
    }

    /** The notifications of a saved change, still to be dispatched. */
    static final class Saved {
        static final Saved NOTHING = new Saved(List.of(), null);

        private final List<Routed> notifications;
        private final NotificationTarget target;

        private Saved(List<Routed> notifications, NotificationTarget target) {
            this.notifications = notifications;
            this.target = target;
        }

        /** Hands each notification to the target, in order. */
        void dispatch() {
            for (Routed routed : notifications) {
                Notification notification = routed.notification();
                log.info("monitor {} {} ({}) at level {}, value {}: notifying {}", notification.monitor(), notification.kind(),
                        notification.reason(), notification.level(), notification.formattedValue(), routed.via());
                target.dispatch(routed.via(), notification);
            }
        }
    }

    /**
     * Saves the change's state with one outbox entry per notification, under {@code fence}.
     *
     * @return its notifications, for the caller to {@linkplain Saved#dispatch() dispatch} once it has
     *         taken the change in (so that whoever hears of a notification finds its state published)
     * @throws dev.hawkeye.api.store.FencedException when another agent holds the lease; nothing saved
     * @throws dev.hawkeye.api.store.StoreException  when the store failed
     */
    Saved save(StateChange change, Fence fence) {
        List<Routed> notifications = Routing.of(change);
        List<OutboxEntry> entries = new ArrayList<>(notifications.size());
        notifications.forEach(routed -> entries.add(NotificationCodec.entry(routed.via(), routed.notification())));
        int overflow = alerts.save(change.evaluation().next(), entries, fence);
        if (overflow > 0) {
            counters.add(Counters.OUTBOX_OVERFLOW, overflow);
            log.warn("monitor {}: the outbox is full; {} notification(s) are sent without a place in it (a crash before "
                    + "they are delivered loses them)", change.spec().name(), overflow);
        }
        appendHistory(change, notifications);
        return new Saved(notifications, target);
    }

    /** The change's new state or level, and each notification decided, in the monitor's history (after the save). */
    private void appendHistory(StateChange change, List<Routed> notifications) {
        AlertState previous = change.previous();
        AlertState next = change.evaluation().next();
        List<HistoryEvent> events = new ArrayList<>(1 + notifications.size());
        if (previous.status() != next.status() || !Objects.equals(previous.level(), next.level())) {
            events.add(new HistoryEvent(change.at(), HistoryEvent.Kind.STATE, next.status().name(), next.level(), next.value(),
                    describe(previous) + " → " + describe(next)));
        }
        for (Routed routed : notifications) {
            Notification notification = routed.notification();
            events.add(new HistoryEvent(change.at(), HistoryEvent.Kind.NOTIFICATION, notification.kind().name(),
                    notification.level(), notification.value(), "via " + routed.via() + " (" + notification.reason() + ")"));
        }
        if (events.isEmpty()) {
            return;
        }
        try {
            alerts.appendHistory(next.monitor(), events);
        } catch (RuntimeException e) {
            counters.add(Counters.HISTORY_FAILED, events.size());
            log.warn("monitor {}: {} event(s) left out of its history: {}", next.monitor(), events.size(), e.toString());
        }
    }

    private static String describe(AlertState state) {
        return state.level() == null ? state.status().name() : state.status().name() + " " + state.level();
    }
}
