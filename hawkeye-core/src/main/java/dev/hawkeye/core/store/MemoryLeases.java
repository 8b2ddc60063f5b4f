package dev.hawkeye.core.store;

import dev.hawkeye.api.store.Fence;
import dev.hawkeye.api.store.Leases;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Fenced leases in memory, for several agents of one process that stand for agents sharing a
 * store (tests; the memory store itself has none, as one process owns it). A lease expires
 * {@code ttl} after it was last taken or renewed, by {@link System#nanoTime()}. Thread-safe.
 */
public final class MemoryLeases implements Leases {
    private record Lease(String owner, long token, long expiresNanos) {
    }

    private final Map<String, Lease> leases = new HashMap<>();
    private long lastToken;

    @Override
    public synchronized OptionalLong tryHold(String name, String owner, Duration ttl) {
        long now = System.nanoTime();
        Lease current = leases.get(name);
        boolean live = current != null && current.expiresNanos() - now > 0;
        if (live && !current.owner().equals(owner)) {
            return OptionalLong.empty();
        }
        long token = live ? current.token() : ++lastToken;
        leases.put(name, new Lease(owner, token, now + ttl.toNanos()));
        return OptionalLong.of(token);
    }

    @Override
    public synchronized void release(String name, String owner) {
        Lease current = leases.get(name);
        if (current != null && current.owner().equals(owner)) {
            leases.remove(name);
        }
    }

    /** Whether {@code fence}'s lease is held now under its token. */
    synchronized boolean isCurrent(Fence fence) {
        Lease current = leases.get(fence.lease());
        return current != null && current.token() == fence.token() && current.expiresNanos() - System.nanoTime() > 0;
    }
}
