package dev.hawkeye.core.notify;

import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.core.Counters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded queue and the one delivery thread of one notifier. The thread is the only caller of
 * {@link Notifier#send}, so a notifier sees one call at a time, and a notifier that is down or
 * slow holds up nothing but its own queue.
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
        try {
            notifier.close();
        } catch (RuntimeException e) {
            log.warn("notifier {} failed to close: {}", name, reasonOf(e));
        }
    }

    private void run() {
        try {
            while (true) {
                Queued next = stopping ? queue.poll() : queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (next != null) {
                    deliver(next);
                } else if (stopping && isDrained()) {
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
        }
    }

    /** Under the offer lock, so that no notification is queued after the thread has decided to end. */
    private boolean isDrained() {
        synchronized (recentIds) {
            return queue.isEmpty();
        }
    }

    private void deliver(Queued queued) throws InterruptedException {
        Notification notification = queued.notification();
        Instant giveUpAt = queued.dispatchedAt().plus(settings.maxAge());
        for (int attempt = 1; ; attempt++) {
            String reason;
            try {
                notifier.send(notification);
                counters.increment(Counters.NOTIFICATIONS_SENT);
                log.debug("notification {} sent via {} (attempt {})", notification.id(), name, attempt);
                return;
            } catch (InterruptedException e) {
                failed(notification, attempt, "interrupted at shutdown");
                throw e;
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                // Anything a plugin throws, errors included, is a failed attempt: the lane must live on.
                reason = reasonOf(e);
            }
            Duration wait = settings.backoffAfter(attempt);
            if (attempt >= settings.maxAttempts() || clock.instant().plus(wait).isAfter(giveUpAt)) {
                failed(notification, attempt, reason);
                return;
            }
            if (attempt == 1) {
                log.warn("notification {} via {} failed: {}; retrying (up to {} attempts)", notification.id(), name, reason,
                        settings.maxAttempts());
            } else {
                log.debug("notification {} via {} failed attempt {}: {}; retrying in {}", notification.id(), name, attempt,
                        reason, wait);
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                failed(notification, attempt, reason + " (no retry: interrupted at shutdown)");
                throw e;
            }
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
