package dev.hawkeye.core;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.store.StoreException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's lease {@value #NAME} ({@link MetricStore#tryHoldLease}), which makes one of several
 * agents sharing a store the one that evaluates monitors and notifies. It is tried once in
 * {@link #start()}, then every third of its time to live on a daemon thread of its own (so that
 * busy evaluation threads cannot delay a renewal): the holder renews it, the others try to take
 * it, and the {@link Role} is told when this agent takes it or loses it to another.
 *
 * <p>When the store cannot be reached the role stays as it is (a holder goes on evaluating, which
 * fails without a store anyway, so it sends nothing; a standby keeps standing by) until the store
 * answers. A single-process store's lease is always held, so such an agent simply evaluates.
 *
 * <p>Thread-safe; the role's methods are called one at a time, from {@link #start()}'s caller or
 * the lease thread.
 */
final class AgentLease implements AutoCloseable {
    static final String NAME = "agent";
    static final Duration DEFAULT_TTL = Duration.ofSeconds(15);
    /** What a holder that stops shortens its lease to, so that a standby takes over at its next try. */
    static final Duration RELEASED_TTL = Duration.ofMillis(1);
    private static final Logger log = LoggerFactory.getLogger(AgentLease.class);

    /** What the agent does when it takes the lease or loses it. */
    interface Role {
        /** This agent holds the lease now: evaluate and notify. */
        void takeOver();

        /** Another agent holds the lease now: stop evaluating. */
        void standBy();
    }

    private final MetricStore store;
    private final Duration ttl;
    private final Role role;
    private final String owner = ProcessHandle.current().pid() + "-" + UUID.randomUUID();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(Agent.daemonThreads("hawkeye-lease"));
    // Guarded by this.
    private boolean held;
    private boolean standbyLogged;
    private boolean storeUnreachable;
    private boolean closed;

    AgentLease(MetricStore store, Duration ttl, Role role) {
        this.store = store;
        this.ttl = ttl;
        this.role = role;
    }

    /** Tries the lease now, on the caller's thread, then keeps trying or renewing it. */
    void start() {
        check();
        long every = Math.max(1, ttl.toMillis() / 3);
        thread.scheduleAtFixedRate(this::checkGuarded, every, every, TimeUnit.MILLISECONDS);
    }

    synchronized boolean isHeld() {
        return held;
    }

    /**
     * Stops trying and renewing. A held lease is handed back: renewed for {@link #RELEASED_TTL}
     * only, so a standby need not wait for its time to live (if the store cannot be reached, it
     * expires as usual). Idempotent.
     */
    @Override
    public void close() {
        boolean release;
        synchronized (this) {
            release = held && !closed;
            closed = true;
            held = false;
        }
        thread.shutdownNow();
        if (release) {
            try {
                store.tryHoldLease(NAME, owner, RELEASED_TTL);
                log.debug("handed back the lease '{}' on store {}", NAME, store.describe());
            } catch (RuntimeException e) {
                log.warn("could not hand back the lease '{}' on store {}: {}; it expires within {}", NAME, store.describe(),
                        e.getMessage(), PluginConfig.formatDuration(ttl));
            }
        }
    }

    private void checkGuarded() {
        try {
            check();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // A failure must not end the schedule: the next try may succeed.
            log.error("checking the lease '{}' on store {} failed: {}", NAME, store.describe(), e.toString(), e);
        }
    }

    private synchronized void check() {
        if (closed) {
            return;
        }
        boolean holdsNow;
        try {
            holdsNow = store.tryHoldLease(NAME, owner, ttl);
        } catch (StoreException e) {
            if (!storeUnreachable) {
                storeUnreachable = true;
                log.warn("cannot check the lease '{}' on store {}: {}; this agent {} until the store answers", NAME,
                        store.describe(), e.getMessage(), held ? "goes on as the one that evaluates" : "stands by");
            }
            return;
        }
        storeUnreachable = false;
        if (holdsNow && !held) {
            held = true;
            if (standbyLogged) {
                log.info("took over the lease '{}' on store {} (as {}): evaluating the monitors from the states saved there",
                        NAME, store.describe(), owner);
            }
            standbyLogged = false;
            role.takeOver();
        } else if (!holdsNow && held) {
            held = false;
            standbyLogged = true;
            log.warn("another agent took the lease '{}' on store {}: this agent stops evaluating and stands by", NAME,
                    store.describe());
            role.standBy();
        } else if (!holdsNow && !standbyLogged) {
            standbyLogged = true;
            log.info("another agent holds the lease '{}' on store {}; standing by (as {})", NAME, store.describe(), owner);
        }
    }
}
