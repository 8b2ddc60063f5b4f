package dev.hawkeye.store.redis;

import dev.hawkeye.api.store.Leases;
import dev.hawkeye.api.store.StoreException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * Fenced leases in Redis. A lease is the key {@code <prefix>lease:<name>} holding
 * {@code <token> <owner>}, with Redis's own expiry (so the hosts' clocks do not matter); a script
 * renews it for its owner, or takes it when it is gone, with a token from {@code INCR} of
 * {@code <prefix>lease-token:<name>}, in one step. The token key never expires, so tokens only
 * grow while Redis keeps its data. Thread-safe.
 */
final class RedisLeases implements Leases {
    private final RedisCommands redis;
    private final KeyLayout keys;
    private final LuaScript hold = LuaScript.load(LuaScript.HOLD_LEASE);
    private final LuaScript release = LuaScript.load(LuaScript.RELEASE_LEASE);

    RedisLeases(RedisCommands redis, KeyLayout keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public OptionalLong tryHold(String name, String owner, Duration ttl) {
        long ttlMillis = Math.max(1, ttl.toMillis());
        List<String> reply = redis.eval("hold of the lease " + name, hold, List.of(keys.leaseKey(name), keys.leaseTokenKey(name)),
                List.of(owner, Long.toString(ttlMillis)));
        if (reply.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(reply.get(0)));
        } catch (NumberFormatException e) {
            throw new StoreException("redis hold of the lease " + name + " at " + redis.url() + ": unexpected answer " + reply, e);
        }
    }

    @Override
    public void release(String name, String owner) {
        redis.eval("release of the lease " + name, release, List.of(keys.leaseKey(name)), List.of(owner));
    }
}
