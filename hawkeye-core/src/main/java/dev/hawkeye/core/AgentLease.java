package dev.hawkeye.core;

import dev.hawkeye.api.store.Fence;
import dev.hawkeye.api.store.FencedException;
import dev.hawkeye.api.store.Leases;
import dev.hawkeye.api.store.StoreException;
import dev.hawkeye.core.alert.LeaseGuard;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's lease {@value #NAME} ({@link Leases}), which makes one of several agents sharing a
 * store the one that evaluates monitors and notifies. It is tried once in {@link #start()}, then
 * every third of its time to live on a daemon thread of its own (so that busy evaluation threads
 * cannot delay a renewal): the holder renews it, the others try to take it, and the {@link Role}
 * is told when this agent takes it or loses it.
 *
 * <p><b>A holder decides on its own that its lease ran out.</b> It keeps a deadline on the
 * monotonic clock: the start of its last successful renewal plus the time to live less a margin
 * ({@link #margin}). Past it {@link #fence()} is empty, so the engine evaluates nothing and the
 * dispatcher sends nothing, whether the renewal failed, the lease thread is late or the whole
 * process was paused; the next check then stands the agent by, unless it renews the lease under the
 * same token. Whatever slips through (a save begun just before the deadline) is refused by the
 * store, whose saves are fenced by the token the lease was taken with.
 *
 * <p>A store without leases (one process) is always held, with {@link Fence#NONE}.
 *
 * <p>Thread-safe; the role's methods are called one at a time, from {@link #start()}'s caller or
 * the lease thread.
 */
final class AgentLease implements LeaseGuard, AutoCloseable {
    static final String NAME = "agent";
    static final Duration DEFAULT_TTL = Duration.ofSeconds(15);
    private static final Logger log = LoggerFactory.getLogger(AgentLease.class);

    /** What the agent does when it takes the lease or loses it. */
    interface Role {
        /** This agent holds the lease now: evaluate and notify. */
        void takeOver();

        /** This agent does not hold the lease now (another may): stop evaluating and sending. */
        void standBy();
    }

    private final Leases leases;
    private final String storeName;
    private final Duration ttl;
    private final Role role;
    private final String owner = ProcessHandle.current().pid() + "-" + UUID.randomUUID();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(Agent.daemonThreads("hawkeye-lease"));
    /** The fence while held and not past the deadline; read by evaluation and delivery threads. */
    private volatile Fence fence;
    private volatile long deadlineNanos;
    // Guarded by this.
    private boolean held;
    private boolean standbyLogged;
    private boolean storeUnreachable;
    private boolean closed;

    /**
     * @param leases the store's leases, or null when the store has none (this agent always holds)
     */
    AgentLease(Leases leases, String storeName, Duration ttl, Role role) {
        this.leases = leases;
        this.storeName = storeName;
        this.ttl = ttl;
        this.role = role;
    }

    /** How long before its time to live runs out a holder stops: a fifth of it, for the renewal's own round trip. */
    Duration margin() {
        return ttl.dividedBy(5);
    }

    /** Tries the lease now, on the caller's thread, then keeps trying or renewing it. */
    void start() {
        if (leases == null) {
            synchronized (this) {
                held = true;
                fence = Fence.NONE;
            }
            role.takeOver();
            return;
        }
        check();
        long every = Math.max(1, ttl.toMillis() / 3);
        thread.scheduleAtFixedRate(this::checkGuarded, every, every, TimeUnit.MILLISECONDS);
    }

    synchronized boolean isHeld() {
        return held;
    }

    @Override
    public Optional<Fence> fence() {
        Fence current = fence;
        if (current == null || (current.isChecked() && deadlineNanos - System.nanoTime() <= 0)) {
            return Optional.empty();
        }
        return Optional.of(current);
    }

    /** Whether this agent may send notifications now. */
    boolean maySend() {
        return fence().isPresent();
    }

    /** A fenced save was refused: check the lease now rather than at the next period. */
    @Override
    public void fenced(FencedException e) {
        if (leases != null && !thread.isShutdown()) {
            thread.execute(this::checkGuarded);
        }
    }

    /**
     * Stops trying and renewing, and hands a held lease back, so that a standby takes it at its
     * next try (if the store cannot be reached, it expires as usual). Call it once the engine has
     * stopped and the dispatcher has delivered what it could. Idempotent.
     */
    @Override
    public void close() {
        boolean release;
        synchronized (this) {
            release = held && !closed && leases != null;
            closed = true;
            held = false;
            fence = null;
        }
        thread.shutdownNow();
        if (release) {
            try {
                leases.release(NAME, owner);
                log.debug("handed back the lease '{}' on store {}", NAME, storeName);
            } catch (RuntimeException e) {
                log.warn("could not hand back the lease '{}' on store {}: {}; it expires within {}", NAME, storeName,
                        e.getMessage(), ttl);
            }
        }
    }

    private void checkGuarded() {
        try {
            check();
        } catch (Error e) {
            Fatal.handle(e);
        } catch (Throwable e) {
            // A failure must not end the schedule: the next try may succeed.
            log.error("checking the lease '{}' on store {} failed: {}", NAME, storeName, e.toString(), e);
        }
    }

    private synchronized void check() {
        if (closed) {
            return;
        }
        long start = System.nanoTime();
        OptionalLong token;
        try {
            token = leases.tryHold(NAME, owner, ttl);
        } catch (StoreException e) {
            if (!storeUnreachable) {
                storeUnreachable = true;
                log.warn("cannot check the lease '{}' on store {}: {}; this agent {} until the store answers", NAME,
                        storeName, e.getMessage(), held ? "stops evaluating and sending when its lease runs out" : "stands by");
            }
            if (held && deadlineNanos - System.nanoTime() <= 0) {
                lose("its lease ran out without a renewal");
            }
            return;
        }
        storeUnreachable = false;
        if (token.isPresent()) {
            Fence next = new Fence(NAME, token.getAsLong());
            if (held && !next.equals(fence)) {
                // Lost and taken again (e.g. after a pause): another may have held it between, so start afresh.
                lose("its lease ran out and was taken again under a new token");
            }
            deadlineNanos = start + ttl.minus(margin()).toNanos();
            if (!held) {
                held = true;
                fence = next;
                if (standbyLogged) {
                    log.info("took over the lease '{}' on store {} (as {}, token {}): evaluating the monitors from the states"
                            + " saved there", NAME, storeName, owner, next.token());
                }
                standbyLogged = false;
                role.takeOver();
            }
        } else if (held) {
            lose("another agent took its lease");
        } else if (!standbyLogged) {
            standbyLogged = true;
            log.info("another agent holds the lease '{}' on store {}; standing by (as {})", NAME, storeName, owner);
        }
    }

    private void lose(String why) {
        held = false;
        fence = null;
        standbyLogged = true;
        log.warn("this agent stops evaluating and sending and stands by: {} ('{}' on store {})", why, NAME, storeName);
        role.standBy();
    }
}
