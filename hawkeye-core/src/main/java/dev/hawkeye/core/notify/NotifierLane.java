package dev.hawkeye.core.notify;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.api.notify.RetryAfterException;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded queue, the delivery thread and the rate limit of one notifier. The delivery thread
 * makes every call of {@link Notifier#send} through its {@link TimedSender}, one at a time, so a
 * notifier sees one call at a time, and a notifier that is down or slow holds up nothing but its
 * own queue.
 *
 * <p>A notification whose attempt failed is parked in the lane's {@link RetryQueue} until its retry
 * is due; the thread delivers other notifications meanwhile, so one route the notifier keeps
 * refusing does not delay the rest. Only the later notifications of the same monitor and route
 * wait behind a parked one, so a recipient never gets a monitor's RESOLVED before its FIRING. What
 * the retry queue holds counts against the queue's capacity: while that many wait, nothing more is
 * taken from the queue (and offers beyond the queue's capacity are dropped). Backoffs, the rate
 * window and maximum ages are measured on the lane's {@link Ticker}, never on the wall clock.
 *
 * <p><b>Outbox.</b> Once a notification is done with (sent, failed for good, dropped, or replaced by
 * a rate-limit summary) the lane reports it to its {@link Outbox}, which removes it from the store's
 * outbox: at once when the queue has nothing more, else in batches of up to 256 ids; one left
 * undone at shutdown or {@linkplain #discard() discarded} stays there, for the next
 * lease holder to send. No attempt is made while the lane's gate is shut (this agent's lease ran out).
 */
final class NotifierLane {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    /** How many accepted ids are remembered to refuse a second dispatch of the same event. */
    private static final int REMEMBERED_IDS = 4_096;
    private static final long IDLE_POLL_MILLIS = 100;
    /** At most this many ids are told to the outbox at once; fewer whenever the queue runs empty. */
    private static final int REMOVALS_PER_CALL = 256;

    /** What becomes of a notification the lane is done with, normally its removal from the store's outbox. */
    @FunctionalInterface
    interface Outbox {
        Outbox NONE = ids -> { };

        void done(List<String> ids);
    }

    /** {@code dispatchedNanos} is read from the ticker: its maximum age is elapsed time. */
    private record Queued(Notification notification, long dispatchedNanos, long generation) {
    }

    private final String name;
    private final Notifier notifier;
    private final Counters counters;
    /** For what people read (a summary's times); durations are measured on {@link #ticker}. */
    private final Clock clock;
    private final Ticker ticker;
    private final DispatchSettings settings;
    private final BlockingQueue<Queued> queue;
    private final Thread thread;
    /** The one caller of the notifier's send; used by {@link #thread} only, as are the two below. */
    private final TimedSender sender;
    private final RateLimit rateLimit;
    private final SuppressedNotifications suppressed;
    /** What has been taken from the queue and is not done: ready, parked for a retry, or held behind one. */
    private final RetryQueue retries;
    /** The parked delivery whose last call timed out and has not returned, or null. */
    private Delivery lateOwner;
    /** Guarded by itself, as are the check of {@link #stopping} and the offer: offers come from any thread. */
    private final Map<String, Boolean> recentIds = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_IDS;
        }
    };
    private volatile boolean stopping;
    /** Grows at each {@link #discard()}: what was queued or taken under an earlier one is not sent. */
    private volatile long generation;
    /** The generation {@link #retries} belongs to. Used by {@link #thread} only. */
    private long threadGeneration;
    private final Outbox outbox;
    /** Ids done with and not yet told to the outbox. Used by {@link #thread} only. */
    private final List<String> doneIds = new ArrayList<>();
    private final BooleanSupplier gate;

    NotifierLane(String name, Notifier notifier, Counters counters, Clock clock, DispatchSettings settings) {
        this(name, notifier, counters, clock, Ticker.SYSTEM, settings, Outbox.NONE, () -> true);
    }

    /**
     * @param outbox told of each notification the lane is done with
     * @param gate   whether attempts may be made now; while it is false the lane holds what it has
     */
    NotifierLane(String name, Notifier notifier, Counters counters, Clock clock, Ticker ticker, DispatchSettings settings,
                 Outbox outbox, BooleanSupplier gate) {
        this.ticker = ticker;
        this.outbox = outbox;
        this.gate = gate;
        this.name = name;
        this.notifier = notifier;
        this.counters = counters;
        this.clock = clock;
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.thread = new Thread(this::run, "hawkeye-notify-" + name);
        this.thread.setDaemon(true);
        this.sender = new TimedSender(name, notifier);
        this.rateLimit = new RateLimit(settings.rateLimit(), settings.rateWindow());
        this.retries = new RetryQueue(settings, () -> ThreadLocalRandom.current().nextDouble());
        this.suppressed = new SuppressedNotifications(name, rateLimit.toString(), settings.rateWindow());
    }

    void start() {
        thread.start();
    }

    /** Queues a notification without blocking; false when it was refused (full, or a duplicate). */
    boolean offer(Notification notification) {
        synchronized (recentIds) {
            if (stopping) {
                counters.increment(Counters.NOTIFICATIONS_DROPPED);
                log.warn("notification {} ({} of monitor {}) via {} dropped: the dispatcher is closed", notification.id(),
                        notification.kind(), notification.monitor(), name);
                return false;
            }
            if (recentIds.containsKey(notification.id())) {
                log.debug("notification {} via {} already dispatched; not sent again", notification.id(), name);
                return false;
            }
            if (!queue.offer(new Queued(notification, ticker.nanos(), generation))) {
                counters.increment(Counters.NOTIFICATIONS_DROPPED);
                log.warn("notification {} ({} of monitor {}) via {} dropped: its queue is full ({} waiting)",
                        notification.id(), notification.kind(), notification.monitor(), name, settings.queueCapacity());
                tellOutbox(List.of(notification.id()));
                return false;
            }
            recentIds.put(notification.id(), Boolean.TRUE);
            return true;
        }
    }

    /**
     * Forgets what is queued, parked or held without sending it and without telling the outbox (it
     * stays there for the next holder), and forgets the ids seen, so that the same notifications may
     * be offered again later. A send under way is not interrupted.
     */
    void discard() {
        synchronized (recentIds) {
            generation++;
            queue.clear();
            recentIds.clear();
        }
    }

    /** Lets the thread finish what is queued, then end; takes no new work after the queue is empty. */
    void stop() {
        synchronized (recentIds) {
            stopping = true;
        }
    }

    /**
     * Waits until the thread has ended or {@code deadlineNanos} (of {@link System#nanoTime()}) has
     * passed; then interrupts it, so what is still queued is counted as dropped.
     */
    void awaitStopped(long deadlineNanos) throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.timedJoin(thread, left);
        }
        if (thread.isAlive()) {
            log.warn("notifier {} did not deliver its queue in time; abandoning {} queued notification(s)", name, queue.size());
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(1));
        }
    }

    void closeNotifier() {
        sender.close();
        try {
            notifier.close();
        } catch (RuntimeException e) {
            log.warn("notifier {} failed to close: {}", name, reasonOf(e));
        }
    }

    private void run() {
        try {
            while (true) {
                if (!doneIds.isEmpty() && (doneIds.size() >= REMOVALS_PER_CALL || queue.isEmpty())) {
                    tellOutboxWhatIsDone();
                }
                if (threadGeneration != generation) {
                    forgetDiscarded();
                }
                if (!gate.getAsBoolean()) {
                    if (stopping && queue.isEmpty() && retries.size() == 0) {
                        return;
                    }
                    TimeUnit.MILLISECONDS.sleep(IDLE_POLL_MILLIS);
                    continue;
                }
                collectLateSendIfReturned();
                if (!suppressed.isEmpty() && rateLimit.isFree(ticker.nanos())) {
                    deliverSummaries();
                    continue;
                }
                Delivery next = retries.next(ticker.nanos());
                if (next != null) {
                    attempt(next);
                    continue;
                }
                long idleNanos = Math.min(TimeUnit.MILLISECONDS.toNanos(IDLE_POLL_MILLIS), retries.nanosUntilDue(ticker.nanos()));
                if (retries.size() >= settings.queueCapacity()) {
                    // As many wait for a retry as may be queued: take no more until some are done (offers drop meanwhile).
                    TimeUnit.NANOSECONDS.sleep(idleNanos);
                    continue;
                }
                Queued queued = stopping && !retries.hasParked() ? queue.poll() : queue.poll(idleNanos, TimeUnit.NANOSECONDS);
                if (queued != null && queued.generation() != threadGeneration) {
                    continue;
                }
                if (queued != null) {
                    if (rateLimit.tryAcquire(ticker.nanos())) {
                        long giveUpAt = queued.dispatchedNanos() + settings.maxAge().toNanos();
                        retries.add(new Delivery(queued.notification(), giveUpAt, queued.generation()));
                    } else {
                        suppress(queued.notification());
                    }
                } else if (stopping && retries.size() == 0 && isDrained()) {
                    if (suppressed.isEmpty()) {
                        return;
                    }
                    // Shutting down: the summaries go out now, beyond the limit, rather than never.
                    deliverSummaries();
                }
            }
        } catch (InterruptedException e) {
            abandonAtShutdown();
        } finally {
            tellOutboxWhatIsDone();
        }
    }

    /** The thread's structures after a {@link #discard()}: emptied, without a send or a word to the outbox. */
    private void forgetDiscarded() {
        threadGeneration = generation;
        retries.clear();
        lateOwner = null;
    }

    /**
     * What is left when the thread is interrupted at shutdown is not sent by this process: it stays
     * in the outbox, so the next lease holder sends it (or, without a shared outbox, it is lost).
     */
    private void abandonAtShutdown() {
        int abandoned = queue.size() + retries.clear();
        queue.clear();
        if (abandoned > 0) {
            counters.add(Counters.NOTIFICATIONS_UNSENT, abandoned);
            log.warn("notifier {}: {} notification(s) not sent at shutdown; they stay in the outbox for the next start",
                    name, abandoned);
        }
        if (!suppressed.isEmpty()) {
            log.warn("notifier {}: the summary of {} suppressed notification(s) was not sent: shutting down", name,
                    suppressed.count());
        }
    }

    /** Under the offer lock, so that no notification is queued after the thread has decided to end. */
    private boolean isDrained() {
        synchronized (recentIds) {
            return queue.isEmpty();
        }
    }

    private void suppress(Notification notification) {
        boolean first = suppressed.isEmpty();
        if (!suppressed.add(notification, clock.instant())) {
            counters.increment(Counters.NOTIFICATIONS_DROPPED);
            log.warn("notification {} ({} of monitor {}) via {} dropped: over the rate limit ({}) and {} other routes "
                    + "already wait for a summary", notification.id(), notification.kind(), notification.monitor(), name,
                    rateLimit, SuppressedNotifications.MAX_ROUTES);
            release(notification);
            return;
        }
        // The summary speaks for it from now on; a crash before the summary goes out loses the summary only.
        release(notification);
        counters.increment(Counters.NOTIFICATIONS_SUPPRESSED);
        if (first) {
            log.warn("notifier {} reached its rate limit ({}): notifications are suppressed and summarised once it frees up",
                    name, rateLimit);
        }
        log.debug("notification {} ({} of monitor {}) via {} suppressed by the rate limit", notification.id(),
                notification.kind(), notification.monitor(), name);
    }

    /** One summary per route; each takes a place in the limit when there is one, but none is held back. */
    private void deliverSummaries() throws InterruptedException {
        long now = ticker.nanos();
        for (Notification summary : suppressed.drain(clock.instant())) {
            rateLimit.tryAcquire(now);
            log.info("notifier {}: sending the summary of {} suppressed notification(s) for route {}", name,
                    summary.formattedValue(), summary.route().path());
            retries.add(new Delivery(summary, now + settings.maxAge().toNanos(), threadGeneration));
        }
    }

    /**
     * Makes one attempt of {@code delivery}: sent, failed for good, or parked until its retry is due.
     * A call that timed out earlier is waited for first (never past the delivery's maximum age),
     * since a second call must not start beside it.
     */
    private void attempt(Delivery delivery) throws InterruptedException {
        if (delivery.generation != generation) {
            return;
        }
        Notification notification = delivery.notification;
        try {
            if (sender.hasLate() && !awaitLateSend(delivery.giveUpAtNanos)) {
                failed(delivery, delivery.attempts == 0
                        ? "no attempt made: the notifier is still in an earlier send that timed out"
                        : "the send had not returned when the notification's time ran out");
                return;
            }
        } catch (InterruptedException e) {
            unsentAtShutdown(delivery);
            throw e;
        }
        if (delivery.deliveredLate) {
            sent(delivery, " (its send returned after the send timeout)");
            return;
        }
        if (!gate.getAsBoolean()) {
            // The lease ran out while this one waited: hold it, to be sent if the lease comes back.
            retries.putBack(delivery);
            return;
        }
        int attempt = ++delivery.attempts;
        TimedSender.Result result;
        try {
            result = sender.send(notification, settings.sendTimeout());
        } catch (InterruptedException e) {
            unsentAtShutdown(delivery);
            throw e;
        }
        if (result.ok()) {
            sent(delivery, "");
            return;
        }
        Duration retryAfter = Duration.ZERO;
        String reason;
        if (result.timedOut()) {
            reason = "no answer within " + PluginConfig.formatDuration(settings.sendTimeout()) + " (the send timeout)";
        } else {
            Throwable failure = result.failure();
            reason = reasonOf(failure);
            if (failure instanceof ConfigException) {
                failed(delivery, reason + " (not retried: the configuration must change)");
                return;
            }
            if (failure instanceof RetryAfterException) {
                retryAfter = ((RetryAfterException) failure).retryAfter();
            }
        }
        // Parked: the lane delivers others meanwhile; later ones of this monitor and route wait behind it.
        Optional<Duration> retry = retries.failed(delivery, ticker.nanos(), retryAfter);
        if (retry.isEmpty()) {
            failed(delivery, reason);
            return;
        }
        if (result.timedOut()) {
            lateOwner = delivery;
        }
        Duration wait = retry.get();
        if (attempt == 1) {
            log.warn("notification {} via {} failed: {}; retrying in {} (up to {} attempts)", notification.id(), name,
                    reason, PluginConfig.formatDuration(wait), settings.maxAttempts());
        } else {
            log.debug("notification {} via {} failed attempt {}: {}; retrying in {}", notification.id(), name, attempt,
                    reason, wait);
        }
    }

    /** Collects, without waiting, the outcome of a call that timed out if it has returned since. */
    private void collectLateSendIfReturned() throws InterruptedException {
        if (sender.hasLate()) {
            TimedSender.Result late = sender.awaitLate(Duration.ZERO);
            if (late != null) {
                lateReturned(late);
            }
        }
    }

    /**
     * Waits (never past {@code giveUpAtNanos}) for the call that timed out to return.
     *
     * @return false when it is still running
     */
    private boolean awaitLateSend(long giveUpAtNanos) throws InterruptedException {
        TimedSender.Result late = sender.awaitLate(Duration.ZERO);
        if (late == null) {
            log.warn("notifier {} has not returned from the send of {} that timed out; waiting for it before the next call",
                    name, sender.lateId());
            late = sender.awaitLate(Duration.ofNanos(Math.max(0, giveUpAtNanos - ticker.nanos())));
            if (late == null) {
                return false;
            }
        }
        lateReturned(late);
        return true;
    }

    /**
     * What a call that timed out did once it returned: a success delivers its notification (which is
     * then not sent again); a failure leaves its retry as it was.
     */
    private void lateReturned(TimedSender.Result late) {
        Delivery owner = lateOwner;
        lateOwner = null;
        if (!late.ok()) {
            return;
        }
        if (owner == null) {
            // Its notification had already failed for good (no attempt left).
            log.warn("a notification via {} was delivered after all: its send returned after it had been counted as failed", name);
            return;
        }
        owner.deliveredLate = true;
        if (retries.unpark(owner)) {
            sent(owner, " (its send returned after the send timeout)");
        }
    }

    private void sent(Delivery delivery, String note) {
        retries.done(delivery);
        sent(delivery.notification, delivery.attempts, note);
    }

    /** Interrupted at shutdown before it was sent: not failed, it stays in the outbox. */
    private void unsentAtShutdown(Delivery delivery) {
        if (lateOwner == delivery) {
            lateOwner = null;
        }
        retries.done(delivery);
        counters.increment(Counters.NOTIFICATIONS_UNSENT);
        log.warn("notification {} via {} not sent: interrupted at shutdown; it stays in the outbox", delivery.notification.id(), name);
    }

    private void failed(Delivery delivery, String reason) {
        if (lateOwner == delivery) {
            lateOwner = null;
        }
        retries.done(delivery);
        failed(delivery.notification, delivery.attempts, reason);
    }

    private void sent(Notification notification, int attempts, String note) {
        counters.increment(Counters.NOTIFICATIONS_SENT);
        release(notification);
        if (attempts > 1 || !note.isEmpty()) {
            log.info("notification {} sent via {} after {} attempt(s){}", notification.id(), name, attempts, note);
        } else {
            log.debug("notification {} sent via {}", notification.id(), name);
        }
    }

    private void failed(Notification notification, int attempts, String reason) {
        counters.increment(Counters.NOTIFICATIONS_FAILED);
        release(notification);
        log.error("notification {} ({} of monitor {}) via {} failed after {} attempt(s): {}", notification.id(),
                notification.kind(), notification.monitor(), name, attempts, reason);
    }

    /**
     * Marks {@code notification} done; the outbox is told in batches, when the queue runs empty or a
     * batch is full, so a crash in between leaves it there to be sent again by the next holder.
     */
    private void release(Notification notification) {
        doneIds.add(notification.id());
    }

    private void tellOutboxWhatIsDone() {
        if (!doneIds.isEmpty()) {
            tellOutbox(List.copyOf(doneIds));
            doneIds.clear();
        }
    }

    /** A store that fails leaves the entries for a resend. */
    private void tellOutbox(List<String> ids) {
        try {
            outbox.done(ids);
        } catch (RuntimeException e) {
            log.warn("{} notification(s) via {} from {} on stay in the outbox (they may be sent again by the next holder): {}",
                    ids.size(), name, ids.get(0), reasonOf(e));
        }
    }

    private static String reasonOf(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getName() : message;
    }
}
