package dev.hawkeye.core.notify;

import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.core.Counters;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way notifications reach notifiers: asynchronous, bounded, retried.
 *
 * <p>Each notifier gets a bounded queue and one delivery thread of its own (created with the
 * dispatcher), so its {@link Notifier#send} is never called from two threads at once and a
 * notifier that is down never delays another. A failed attempt is retried after 1 s, 2 s, 4 s
 * ... (see {@link DispatchSettings}) until it succeeds, or until its attempts or its age run out:
 * then it is counted as {@link Counters#NOTIFICATIONS_FAILED} and logged with its reason. A
 * notification delivered is counted as {@link Counters#NOTIFICATIONS_SENT}; one that finds its
 * queue full is dropped, counted as {@link Counters#NOTIFICATIONS_DROPPED} and logged. A second
 * dispatch of an id already accepted by the same notifier is ignored (the id names one event).
 * There is no timeout around {@code send}: a notifier bounds its own I/O, and a hung one holds up
 * only its own queue.
 *
 * <p>Thread-safe. The dispatcher owns the notifiers it is given and closes them in {@link #close()}.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final Map<String, NotifierLane> lanes = new LinkedHashMap<>();
    private final Counters counters;
    private final DispatchSettings settings;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A dispatcher with {@link DispatchSettings#DEFAULTS}. */
    public Dispatcher(Map<String, Notifier> notifiersByName, Counters counters, Clock clock) {
        this(notifiersByName, counters, clock, DispatchSettings.DEFAULTS);
    }

    /**
     * Starts one delivery thread per notifier.
     *
     * @param notifiersByName the notifiers by the name routes use in {@code via:}; owned from now on
     * @param counters        where sent, failed and dropped notifications are counted
     * @param clock           measures a notification's age against {@link DispatchSettings#maxAge()}
     * @param settings        queue size, retry and shutdown limits
     */
    public Dispatcher(Map<String, Notifier> notifiersByName, Counters counters, Clock clock, DispatchSettings settings) {
        this.counters = counters;
        this.settings = settings;
        notifiersByName.forEach((name, notifier) -> lanes.put(name, new NotifierLane(name, notifier, counters, clock, settings)));
        lanes.values().forEach(NotifierLane::start);
    }

    /** The names of the notifiers, in the order given. */
    public Set<String> notifierNames() {
        return lanes.keySet();
    }

    /**
     * Queues {@code notification} for the notifier named {@code via} and returns at once; never
     * blocks and never throws for a delivery problem.
     *
     * @return true when it was queued; false when it was dropped (full queue, unknown notifier,
     *         dispatcher closed) or was a duplicate of an id already queued for that notifier
     */
    public boolean dispatch(String via, Notification notification) {
        NotifierLane lane = lanes.get(via);
        if (lane == null) {
            // The config validates routes, so this is a bug; the notification still must not vanish silently.
            counters.increment(Counters.NOTIFICATIONS_FAILED);
            log.error("notification {} of monitor {} not sent: no notifier named '{}' (known: {})", notification.id(),
                    notification.monitor(), via, lanes.keySet());
            return false;
        }
        return lane.offer(notification);
    }

    /**
     * Delivers what is queued, waiting at most {@link DispatchSettings#closeTimeout()} in all (what is
     * left then is counted as dropped), then closes the notifiers. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        lanes.values().forEach(NotifierLane::stop);
        long deadline = System.nanoTime() + settings.closeTimeout().toNanos();
        try {
            for (NotifierLane lane : lanes.values()) {
                lane.awaitStopped(deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("interrupted while delivering queued notifications at shutdown");
        }
        lanes.values().forEach(NotifierLane::closeNotifier);
    }
}
