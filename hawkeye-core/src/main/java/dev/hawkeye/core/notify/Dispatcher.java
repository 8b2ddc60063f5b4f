package dev.hawkeye.core.notify;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.api.notify.RetryAfterException;
import dev.hawkeye.api.store.AlertStore;
import dev.hawkeye.api.store.OutboxEntry;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.Ticker;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way notifications reach notifiers: asynchronous, bounded, timed, retried, rate limited.
 *
 * <p>Each notifier gets a lane ({@code NotifierLane}): a bounded queue, a delivery thread and a
 * {@code RetryQueue} of its own, keyed by the notifier's name and replaced when a reload changes its
 * section, so a notifier that is down never delays evaluation or another notifier.
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
 * by the same notifier is ignored (the id names one event). Backoffs, maximum ages and the rate
 * window are measured on the monotonic clock, so a step of the wall clock neither holds back nor
 * releases a notification; the wall clock only dates what people read.
 *
 * <p><b>Rate limit.</b> A notifier sends at most {@link DispatchSettings#rateLimit()}
 * notifications per {@link DispatchSettings#rateWindow()} (a sliding window). A notification over
 * the limit is suppressed and counted as {@link Counters#NOTIFICATIONS_SUPPRESSED}; once the limit
 * frees up, the suppressed ones are summarised in one notification per route (so each set of
 * recipients learns what it missed), whose text lists each monitor's latest state and how many
 * were suppressed (see {@code SuppressedNotifications}); summaries go through the same retries.
 *
 * <p><b>Outbox and lease.</b> Each notification the engine dispatches is already in the store's
 * outbox ({@link AlertStore}); the dispatcher removes it once it is done with it (sent, failed for
 * good, dropped, summarised). {@link #resend} queues what an earlier holder left there. No attempt
 * is made while the gate is shut (this agent's lease ran out); {@link #standBy()} forgets what is
 * queued without sending it, for the next holder to send from the outbox.
 *
 * <p>Thread-safe. The dispatcher owns the notifiers it is given and closes them in {@link #close()}
 * (or when {@linkplain #install replaced}).
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    /** Replaced as a whole (copy on write) under {@code this}; read without a lock by dispatches. */
    private volatile Map<String, NotifierLane> lanes = Map.of();
    private final Counters counters;
    private final Clock clock;
    private final Ticker ticker;
    private final DispatchSettings settings;
    private final AlertStore outbox;
    private final BooleanSupplier gate;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A dispatcher with {@link DispatchSettings#DEFAULTS}, no outbox and an open gate. */
    public Dispatcher(Map<String, Notifier> notifiersByName, Counters counters, Clock clock) {
        this(notifiersByName, counters, clock, DispatchSettings.DEFAULTS);
    }

    /** A dispatcher with no outbox and an open gate. */
    public Dispatcher(Map<String, Notifier> notifiersByName, Counters counters, Clock clock, DispatchSettings settings) {
        this(notifiersByName, counters, clock, settings, null, () -> true);
    }

    /**
     * Starts one delivery thread per notifier.
     *
     * @param notifiersByName the notifiers by the name routes use in {@code via:}; owned from now on
     * @param counters        where sent, failed and dropped notifications are counted
     * @param clock           the time of day, for what people read (a summary's times) and to judge the
     *                        age of an outbox entry another process wrote; what this process waits or
     *                        limits is measured on the monotonic clock ({@link System#nanoTime()})
     * @param settings        queue size, retry and shutdown limits
     * @param outbox          where the notifications dispatched are kept until done; null for none
     * @param gate            whether notifications may be sent now (this agent holds its lease)
     */
    public Dispatcher(Map<String, Notifier> notifiersByName, Counters counters, Clock clock, DispatchSettings settings,
                      AlertStore outbox, BooleanSupplier gate) {
        this(notifiersByName, counters, clock, Ticker.SYSTEM, settings, outbox, gate);
    }

    /** As the public constructor, with the ticker that backoffs, rate windows and maximum ages are measured on. */
    Dispatcher(Map<String, Notifier> notifiersByName, Counters counters, Clock clock, Ticker ticker, DispatchSettings settings,
               AlertStore outbox, BooleanSupplier gate) {
        this.ticker = ticker;
        this.counters = counters;
        this.clock = clock;
        this.settings = settings;
        this.outbox = outbox;
        this.gate = gate;
        notifiersByName.forEach(this::install);
    }

    /** The names of the notifiers, in the order given. */
    public Set<String> notifierNames() {
        return lanes.keySet();
    }

    /**
     * Makes {@code notifier} the one named {@code name} from now on (a new name, or a reload that
     * changed its section) and starts its lane.
     *
     * @return a handle that delivers what the lane it replaced had queued and closes it; nothing to
     *         do when the name is new. Call it once the old lane can get no more dispatches.
     */
    public synchronized Retired install(String name, Notifier notifier) {
        NotifierLane lane = new NotifierLane(name, notifier, counters, clock, ticker, settings,
                outbox == null ? NotifierLane.Outbox.NONE : outbox::remove, gate);
        lane.start();
        Map<String, NotifierLane> next = new LinkedHashMap<>(lanes);
        NotifierLane old = next.put(name, lane);
        lanes = Collections.unmodifiableMap(next);
        return old == null ? Retired.NOTHING : () -> closeTogether(List.of(old));
    }

    /** Removes the notifier {@code name}; the handle delivers what it had queued and closes it. */
    public synchronized Retired remove(String name) {
        Map<String, NotifierLane> next = new LinkedHashMap<>(lanes);
        NotifierLane old = next.remove(name);
        lanes = Collections.unmodifiableMap(next);
        return old == null ? Retired.NOTHING : () -> closeTogether(List.of(old));
    }

    /** A replaced or removed lane, to close once nothing dispatches to it any more. */
    @FunctionalInterface
    public interface Retired {
        Retired NOTHING = () -> { };

        /** Delivers what it had queued (within the close timeout) and closes its notifier. */
        void close();
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
            forget(notification.id());
            return false;
        }
        return lane.offer(notification);
    }

    /**
     * Queues what an earlier holder (or this process before a restart) left in the outbox, in its
     * order. An entry older than {@link DispatchSettings#maxAge()} by the wall clock (all it carries
     * is the time of day it was made at, perhaps on another host), naming a
     * notifier that no longer exists or unreadable is removed, counted as
     * {@link Counters#NOTIFICATIONS_EXPIRED} and logged.
     *
     * @return how many were queued
     */
    public int resend(List<OutboxEntry> entries) {
        int queued = 0;
        Instant oldest = clock.instant().minus(settings.maxAge());
        for (OutboxEntry entry : entries) {
            String reason = null;
            Notification notification = null;
            try {
                notification = NotificationCodec.decode(entry);
                if (notification.at().isBefore(oldest)) {
                    reason = "it was made at " + notification.at() + ", more than the maximum age of "
                            + PluginConfig.formatDuration(settings.maxAge()) + " ago";
                } else if (!lanes.containsKey(entry.via())) {
                    reason = "no notifier is named '" + entry.via() + "' any more";
                }
            } catch (IllegalArgumentException e) {
                reason = e.getMessage();
            }
            if (reason != null) {
                counters.increment(Counters.NOTIFICATIONS_EXPIRED);
                log.error("notification {} of monitor {} via {} left in the outbox is not sent: {}", entry.id(),
                        entry.monitor(), entry.via(), reason);
                forget(entry.id());
                continue;
            }
            log.info("resending notification {} ({} of monitor {}) via {} from the outbox", entry.id(), notification.kind(),
                    entry.monitor(), entry.via());
            if (lanes.get(entry.via()).offer(notification)) {
                queued++;
            }
        }
        return queued;
    }

    /**
     * Forgets every notification queued, parked or held, without sending it; they stay in the
     * outbox for the agent that holds the lease now. Sends under way finish.
     */
    public void standBy() {
        lanes.values().forEach(NotifierLane::discard);
    }

    private void forget(String id) {
        if (outbox == null) {
            return;
        }
        try {
            outbox.remove(List.of(id));
        } catch (RuntimeException e) {
            log.warn("notification {} stays in the outbox: {}", id, e.getMessage());
        }
    }

    /**
     * Delivers what is queued, waiting at most {@link DispatchSettings#closeTimeout()} in all (what is
     * left then stays in the outbox, counted as {@link Counters#NOTIFICATIONS_UNSENT}), then closes
     * the notifiers. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeTogether(List.copyOf(lanes.values()));
    }

    /** Stops the lanes at the same time, so the wait for what they queued is one close timeout in all. */
    private void closeTogether(List<NotifierLane> closing) {
        closing.forEach(NotifierLane::stop);
        long deadline = System.nanoTime() + settings.closeTimeout().toNanos();
        try {
            for (NotifierLane lane : closing) {
                lane.awaitStopped(deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("interrupted while delivering queued notifications at shutdown");
        }
        closing.forEach(NotifierLane::closeNotifier);
    }
}
