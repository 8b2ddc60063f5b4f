package dev.hawkeye.core.notify;

import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.api.notify.RetryAfterException;
import dev.hawkeye.core.Counters;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way notifications reach notifiers: asynchronous, bounded, timed, retried, rate limited.
 *
 * <p>Each notifier gets a bounded queue and a delivery thread of its own (created with the
 * dispatcher), so a notifier that is down never delays evaluation or another notifier.
 *
 * <p><b>Attempts.</b> Each call of {@link Notifier#send} runs on a sender thread of that notifier
 * and may take at most {@link DispatchSettings#sendTimeout()}; a call still running then counts as a
 * failed attempt and is interrupted. Interrupting ends a call that waits interruptibly; blocking
 * socket I/O may go on. Such a call is never abandoned: the next attempt (of this notification or
 * the next one) starts only once it has returned, so a notifier still sees one call at a time,
 * and if it returns successfully before the retry, the notification counts as sent and is not sent
 * again. The waiting is bounded by the notification's maximum age. (The alternative, starting the
 * next call on a fresh thread, would break the one-caller rule and could deliver twice.)
 *
 * <p><b>Retries.</b> A failed attempt is retried after an exponential backoff with jitter (1 s,
 * 2 s, 4 s ... each up to {@link DispatchSettings#jitter()} shorter at random) or after the
 * {@link RetryAfterException#retryAfter()} the notifier asked for, whichever is longer, until it
 * succeeds, or until its attempts or its age ({@link DispatchSettings#maxAge()}) run out: then it
 * is counted as {@link Counters#NOTIFICATIONS_FAILED} and logged with its reason. While it waits
 * for its retry the notification is parked and the notifier's other notifications go out, so one
 * route a notifier keeps refusing delays no other; only the later notifications of the same
 * monitor and route wait behind it, to keep their order. A
 * {@link dev.hawkeye.api.config.ConfigException} from {@code send} (e.g. a route without
 * recipients) fails at once: no retry can fix it. A notification delivered is counted as
 * {@link Counters#NOTIFICATIONS_SENT}; one that finds its queue full is dropped, counted as
 * {@link Counters#NOTIFICATIONS_DROPPED} and logged. A second dispatch of an id already accepted
 * by the same notifier is ignored (the id names one event).
 *
 * <p><b>Rate limit.</b> A notifier sends at most {@link DispatchSettings#rateLimit()}
 * notifications per {@link DispatchSettings#rateWindow()} (a sliding window). A notification over
 * the limit is suppressed and counted as {@link Counters#NOTIFICATIONS_SUPPRESSED}; once the limit
 * frees up, the suppressed ones are summarised in one notification per route (so each set of
 * recipients learns what it missed), whose text lists each monitor's latest state and how many
 * were suppressed (see {@code SuppressedNotifications}); summaries go through the same retries.
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
