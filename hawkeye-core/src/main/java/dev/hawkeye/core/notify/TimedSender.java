package dev.hawkeye.core.notify;

import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.notify.Notifier;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls one notifier's {@link Notifier#send} on a thread of its own, so that a call can be given a
 * time limit while a second call never starts beside a first one.
 *
 * <p>A call that outlasts its limit is interrupted (which ends one that waits interruptibly, e.g. on
 * the JDK's HTTP client) and reported as timed out; it may still be running, because blocking socket
 * I/O does not heed interrupts. Until its outcome is collected with {@link #awaitLate} (which
 * waits for it to return), {@link #hasLate()} is true and no other call can start; so a late
 * success is still known as one.
 *
 * <p>Used by one lane thread only; not thread-safe otherwise.
 */
final class TimedSender implements AutoCloseable {
    /** What one call did: nothing thrown, thrown {@code failure}, or still running at its limit. */
    record Result(Throwable failure, boolean timedOut) {
        static final Result OK = new Result(null, false);

        boolean ok() {
            return failure == null && !timedOut;
        }
    }

    private final Notifier notifier;
    private final ExecutorService thread;
    /** The call that timed out and has not been seen to return, or null. */
    private CompletableFuture<Void> late;
    private Future<?> lateTask;
    private String lateId;

    TimedSender(String name, Notifier notifier) {
        this.notifier = notifier;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread sender = new Thread(runnable, "hawkeye-notify-" + name + "-send");
            sender.setDaemon(true);
            return sender;
        });
    }

    /**
     * Calls {@code send} and waits at most {@code timeout} for it.
     *
     * @throws IllegalStateException when a call that timed out has not returned yet
     * @throws InterruptedException  when the waiting thread is interrupted; the call is interrupted too
     */
    Result send(Notification notification, Duration timeout) throws InterruptedException {
        if (hasLate()) {
            throw new IllegalStateException("the send of " + lateId + " timed out and its outcome was not collected");
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        Future<?> task = thread.submit(() -> {
            try {
                notifier.send(notification);
                done.complete(null);
            } catch (Throwable e) {
                // Anything a plugin throws, errors included, ends this call only: the sender thread lives on.
                done.completeExceptionally(e);
            }
        });
        try {
            done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return Result.OK;
        } catch (ExecutionException e) {
            return new Result(e.getCause(), false);
        } catch (TimeoutException e) {
            task.cancel(true);
            late = done;
            lateTask = task;
            lateId = notification.id();
            return new Result(null, true);
        } catch (InterruptedException e) {
            task.cancel(true);
            throw e;
        }
    }

    /** True while the outcome of a call that timed out has not been collected with {@link #awaitLate}. */
    boolean hasLate() {
        return late != null;
    }

    /** The id of the notification whose call timed out and is not collected yet, or null. */
    String lateId() {
        return lateId;
    }

    /**
     * Waits at most {@code max} for the call that timed out to return.
     *
     * @return what it did (collected: {@link #hasLate()} is false from then on), or null while it
     *         is still running
     * @throws InterruptedException when interrupted; the late call is interrupted again
     */
    Result awaitLate(Duration max) throws InterruptedException {
        if (late == null) {
            throw new IllegalStateException("no send is late");
        }
        try {
            late.get(Math.max(0, max.toNanos()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // the outcome is read below
        } catch (InterruptedException e) {
            lateTask.cancel(true);
            throw e;
        }
        return late.isDone() ? settle() : null;
    }

    private Result settle() {
        Result result;
        try {
            late.join();
            result = Result.OK;
        } catch (RuntimeException e) {
            result = new Result(e.getCause() == null ? e : e.getCause(), false);
        }
        late = null;
        lateTask = null;
        lateId = null;
        return result;
    }

    /** Interrupts a running call and ends the thread. */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
