package dev.hawkeye.core.notify;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.api.notify.RetryAfterException;
import dev.hawkeye.core.Counters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded queue, the delivery thread and the rate limit of one notifier. The delivery thread
 * makes every call of {@link Notifier#send} through its {@link TimedSender}, one at a time, so a
 * notifier sees one call at a time, and a notifier that is down or slow holds up nothing but its
 * own queue.
 */
final class NotifierLane {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    /** How many accepted ids are remembered to refuse a second dispatch of the same event. */
    private static final int REMEMBERED_IDS = 4_096;
    private static final long IDLE_POLL_MILLIS = 100;

    private record Queued(Notification notification, Instant dispatchedAt) {
    }

    private final String name;
    private final Notifier notifier;
    private final Counters counters;
    private final Clock clock;
    private final DispatchSettings settings;
    private final BlockingQueue<Queued> queue;
    private final Thread thread;
    /** The one caller of the notifier's send; used by {@link #thread} only, as are the two below. */
    private final TimedSender sender;
    private final RateLimit rateLimit;
    private final SuppressedNotifications suppressed;
    /** Guarded by itself, as are the check of {@link #stopping} and the offer: offers come from any thread. */
    private final Map<String, Boolean> recentIds = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_IDS;
        }
    };
    private volatile boolean stopping;

    NotifierLane(String name, Notifier notifier, Counters counters, Clock clock, DispatchSettings settings) {
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
            if (!queue.offer(new Queued(notification, clock.instant()))) {
                counters.increment(Counters.NOTIFICATIONS_DROPPED);
                log.warn("notification {} ({} of monitor {}) via {} dropped: its queue is full ({} waiting)",
                        notification.id(), notification.kind(), notification.monitor(), name, settings.queueCapacity());
                return false;
            }
            recentIds.put(notification.id(), Boolean.TRUE);
            return true;
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
                if (!suppressed.isEmpty() && rateLimit.isFree(clock.instant())) {
                    deliverSummaries();
                    continue;
                }
                Queued next = stopping ? queue.poll() : queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (next != null) {
                    if (rateLimit.tryAcquire(clock.instant())) {
                        deliver(next.notification(), next.dispatchedAt());
                    } else {
                        suppress(next.notification());
                    }
                } else if (stopping && isDrained()) {
                    if (!suppressed.isEmpty()) {
                        // Shutting down: the summaries go out now, beyond the limit, rather than never.
                        deliverSummaries();
                    }
                    return;
                }
            }
        } catch (InterruptedException e) {
            int abandoned = queue.size();
            if (abandoned > 0) {
                queue.clear();
                counters.add(Counters.NOTIFICATIONS_DROPPED, abandoned);
                log.warn("notifier {}: {} queued notification(s) dropped at shutdown", name, abandoned);
            }
            if (!suppressed.isEmpty()) {
                log.warn("notifier {}: the summary of {} suppressed notification(s) was not sent: shutting down", name,
                        suppressed.count());
            }
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
            return;
        }
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
        Instant now = clock.instant();
        for (Notification summary : suppressed.drain(now)) {
            rateLimit.tryAcquire(now);
            log.info("notifier {}: sending the summary of {} suppressed notification(s) for route {}", name,
                    summary.formattedValue(), summary.route().path());
            deliver(summary, now);
        }
    }

    private enum Pause { RETRY, DELIVERED_LATE, STILL_RUNNING }

    private void deliver(Notification notification, Instant dispatchedAt) throws InterruptedException {
        Instant giveUpAt = dispatchedAt.plus(settings.maxAge());
        try {
            if (sender.hasLate() && !collectEarlierLateSend(giveUpAt)) {
                failed(notification, 0, "no attempt made: the notifier is still in an earlier send that timed out");
                return;
            }
        } catch (InterruptedException e) {
            failed(notification, 0, "interrupted at shutdown");
            throw e;
        }
        for (int attempt = 1; ; attempt++) {
            TimedSender.Result result;
            try {
                result = sender.send(notification, settings.sendTimeout());
            } catch (InterruptedException e) {
                failed(notification, attempt, "interrupted at shutdown");
                throw e;
            }
            if (result.ok()) {
                sent(notification, attempt, "");
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
                    failed(notification, attempt, reason + " (not retried: the configuration must change)");
                    return;
                }
                if (failure instanceof RetryAfterException) {
                    retryAfter = ((RetryAfterException) failure).retryAfter();
                }
            }
            Duration backoff = settings.backoffAfter(attempt, ThreadLocalRandom.current().nextDouble());
            Duration wait = retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff;
            if (attempt >= settings.maxAttempts() || clock.instant().plus(wait).isAfter(giveUpAt)) {
                failed(notification, attempt, reason);
                return;
            }
            if (attempt == 1) {
                log.warn("notification {} via {} failed: {}; retrying in {} (up to {} attempts)", notification.id(), name,
                        reason, PluginConfig.formatDuration(wait), settings.maxAttempts());
            } else {
                log.debug("notification {} via {} failed attempt {}: {}; retrying in {}", notification.id(), name, attempt,
                        reason, wait);
            }
            Pause pause;
            try {
                pause = pause(wait, giveUpAt);
            } catch (InterruptedException e) {
                failed(notification, attempt, reason + " (no retry: interrupted at shutdown)");
                throw e;
            }
            if (pause == Pause.DELIVERED_LATE) {
                sent(notification, attempt, " (its send returned after the send timeout)");
                return;
            }
            if (pause == Pause.STILL_RUNNING) {
                failed(notification, attempt, reason + "; the send had not returned when the notification's time ran out");
                return;
            }
        }
    }

    /**
     * Waits {@code wait} before the next attempt. When the last call timed out it may still be
     * running: then the wait also lasts until that call returns (never past {@code giveUpAt}),
     * since a second call must not start beside it, and a late success ends the retries.
     */
    private Pause pause(Duration wait, Instant giveUpAt) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        if (sender.hasLate()) {
            TimedSender.Result late = sender.awaitLate(wait);
            if (late == null) {
                log.warn("notifier {} has not returned from a send that timed out; waiting for it before the next attempt", name);
                late = sender.awaitLate(Duration.between(clock.instant(), giveUpAt));
                if (late == null) {
                    return Pause.STILL_RUNNING;
                }
            }
            if (late.ok()) {
                return Pause.DELIVERED_LATE;
            }
        }
        long left = deadline - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
        return Pause.RETRY;
    }

    /**
     * Waits (never past {@code giveUpAt}) for a send that timed out for an earlier notification, which
     * was counted as failed then, and logs what it finally did.
     *
     * @return false when it is still running
     */
    private boolean collectEarlierLateSend(Instant giveUpAt) throws InterruptedException {
        String earlier = sender.lateId();
        TimedSender.Result late = sender.awaitLate(Duration.between(clock.instant(), giveUpAt));
        if (late == null) {
            return false;
        }
        if (late.ok()) {
            log.warn("notification {} via {} was delivered after all: its send returned after it had been counted as failed",
                    earlier, name);
        }
        return true;
    }

    private void sent(Notification notification, int attempts, String note) {
        counters.increment(Counters.NOTIFICATIONS_SENT);
        if (attempts > 1 || !note.isEmpty()) {
            log.info("notification {} sent via {} after {} attempt(s){}", notification.id(), name, attempts, note);
        } else {
            log.debug("notification {} sent via {}", notification.id(), name);
        }
    }

    private void failed(Notification notification, int attempts, String reason) {
        counters.increment(Counters.NOTIFICATIONS_FAILED);
        log.error("notification {} ({} of monitor {}) via {} failed after {} attempt(s): {}", notification.id(),
                notification.kind(), notification.monitor(), name, attempts, reason);
    }

    private static String reasonOf(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getName() : message;
    }
}
