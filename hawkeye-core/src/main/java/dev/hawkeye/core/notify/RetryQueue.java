package dev.hawkeye.core.notify;

import dev.hawkeye.core.Ticker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.DoubleSupplier;

/**
 * What one lane has taken from its queue and not yet done with: which delivery to attempt next,
 * when a failed one is retried, when it is given up, and the order per monitor and route. It holds
 * no thread and reads no clock: every method that depends on time is told the time ({@link Ticker}
 * nanoseconds), so a test drives it step by step.
 *
 * <p>Of the deliveries of one key (monitor and route) one at a time is <em>in flight</em> (ready to
 * be attempted, or parked until its retry is due); the later ones are held behind it, in order, so
 * a recipient never gets a monitor's RESOLVED before its FIRING. Deliveries of other keys pass a
 * parked one. Used by one lane thread only; not thread-safe.
 */
final class RetryQueue {
    private final DispatchSettings settings;
    /** From 0 inclusive to 1 exclusive: the jitter of each backoff. */
    private final DoubleSupplier random;
    /** In flight, to attempt now, in the order they became ready. */
    private final Deque<Delivery> ready = new ArrayDeque<>();
    /** In flight, failed, waiting for their retry: the soonest due first. */
    private final PriorityQueue<Delivery> parked = new PriorityQueue<>(Comparator.comparingLong(delivery -> delivery.dueNanos));
    /** Per key with a delivery in flight, the later deliveries of that key, in order. */
    private final Map<String, Deque<Delivery>> heldBehind = new HashMap<>();
    private int held;

    RetryQueue(DispatchSettings settings, DoubleSupplier random) {
        this.settings = settings;
        this.random = random;
    }

    /** Takes {@code delivery}: ready, unless one of its key is in flight; then held behind the last of its key. */
    void add(Delivery delivery) {
        Deque<Delivery> behind = heldBehind.get(delivery.key);
        if (behind != null) {
            behind.addLast(delivery);
            held++;
            return;
        }
        heldBehind.put(delivery.key, new ArrayDeque<>());
        ready.addLast(delivery);
    }

    /** Gives back {@code delivery}, taken by {@link #next} but not attempted: the next one to attempt. */
    void putBack(Delivery delivery) {
        ready.addFirst(delivery);
    }

    /** The delivery to attempt at {@code nowNanos}: a ready one, else the parked one whose retry is due first; null for none. */
    Delivery next(long nowNanos) {
        Delivery next = ready.poll();
        if (next == null && !parked.isEmpty() && parked.peek().dueNanos - nowNanos <= 0) {
            next = parked.poll();
        }
        return next;
    }

    /** How long from {@code nowNanos} until the first parked retry is due: 0 when one is due, {@link Long#MAX_VALUE} when none is parked. */
    long nanosUntilDue(long nowNanos) {
        return parked.isEmpty() ? Long.MAX_VALUE : Math.max(0, parked.peek().dueNanos - nowNanos);
    }

    /**
     * Records that an attempt of {@code delivery} made at {@code nowNanos} failed, and parks it until
     * its retry: after the backoff of its attempt (with jitter) or {@code retryAfter}, whichever is
     * longer.
     *
     * @return the wait until its retry; empty when its attempts ran out or the retry would start after
     *         its maximum age: then it is not parked, and the caller gives it up with {@link #done}
     */
    Optional<Duration> failed(Delivery delivery, long nowNanos, Duration retryAfter) {
        Duration backoff = settings.backoffAfter(delivery.attempts, random.getAsDouble());
        Duration wait = retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff;
        if (delivery.attempts >= settings.maxAttempts() || nowNanos + wait.toNanos() - delivery.giveUpAtNanos > 0) {
            return Optional.empty();
        }
        delivery.dueNanos = nowNanos + wait.toNanos();
        parked.add(delivery);
        return Optional.of(wait);
    }

    /** {@code delivery}, in flight, is done with (sent, given up): the next one of its key, if held, is ready. */
    void done(Delivery delivery) {
        Deque<Delivery> behind = heldBehind.get(delivery.key);
        if (behind == null) {
            return;
        }
        Delivery next = behind.pollFirst();
        if (next == null) {
            heldBehind.remove(delivery.key);
        } else {
            held--;
            ready.addLast(next);
        }
    }

    /** Takes {@code delivery} out of the parked ones (its timed-out send returned successfully); false when it was not parked. */
    boolean unpark(Delivery delivery) {
        return parked.remove(delivery);
    }

    boolean hasParked() {
        return !parked.isEmpty();
    }

    /** How many are not done: ready, parked or held. */
    int size() {
        return ready.size() + parked.size() + held;
    }

    /** Forgets every delivery; returns how many there were. */
    int clear() {
        int size = size();
        ready.clear();
        parked.clear();
        heldBehind.clear();
        held = 0;
        return size;
    }
}
