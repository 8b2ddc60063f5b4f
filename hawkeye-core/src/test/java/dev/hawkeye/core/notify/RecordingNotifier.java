package dev.hawkeye.core.notify;

import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.notify.Notifier;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test notifier that records what it delivered. It can fail its first attempts, fail always,
 * or hold every send until released.
 */
public final class RecordingNotifier implements Notifier {
    private final List<Notification> delivered = new CopyOnWriteArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger failuresLeft;
    private final CountDownLatch release;
    private final CountDownLatch entered = new CountDownLatch(1);
    private final AtomicInteger concurrent = new AtomicInteger();
    private volatile int maxConcurrent;
    private volatile boolean closed;

    private RecordingNotifier(int failures, CountDownLatch release) {
        this.failuresLeft = new AtomicInteger(failures);
        this.release = release;
    }

    public static RecordingNotifier working() {
        return new RecordingNotifier(0, new CountDownLatch(0));
    }

    public static RecordingNotifier failingFirst(int failures) {
        return new RecordingNotifier(failures, new CountDownLatch(0));
    }

    public static RecordingNotifier failingAlways() {
        return new RecordingNotifier(Integer.MAX_VALUE, new CountDownLatch(0));
    }

    /** Every send waits for {@code release} to count down. */
    public static RecordingNotifier heldBy(CountDownLatch release) {
        return new RecordingNotifier(0, release);
    }

    @Override
    public void send(Notification notification) throws Exception {
        int now = concurrent.incrementAndGet();
        maxConcurrent = Math.max(maxConcurrent, now);
        try {
            attempts.incrementAndGet();
            entered.countDown();
            release.await();
            if (failuresLeft.getAndDecrement() > 0) {
                throw new java.io.IOException("550 mailbox unavailable (test)");
            }
            delivered.add(notification);
        } finally {
            concurrent.decrementAndGet();
        }
    }

    public List<Notification> delivered() {
        return delivered;
    }

    public int attempts() {
        return attempts.get();
    }

    public int maxConcurrentSends() {
        return maxConcurrent;
    }

    /** Waits until a send has begun. */
    public void awaitEntered() throws InterruptedException {
        entered.await();
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
