package dev.hawkeye.store.redis;

import dev.hawkeye.api.store.StoreException;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * Refuses a Redis that may evict keys. Under any {@code maxmemory-policy} but {@code noeviction}
 * Redis deletes keys when full: a batch marker (a retried batch then counts twice), the lease (two
 * agents then notify), an alert state or the outbox (a firing forgotten), each without an error.
 * With {@code noeviction} a full Redis refuses writes instead, which hawkeye sees, retries and counts.
 */
final class EvictionCheck {
    private static final System.Logger LOG = System.getLogger(EvictionCheck.class.getName());
    static final String REQUIRED = "noeviction";

    private EvictionCheck() {
    }

    /**
     * Reads the policy with {@code INFO memory} (allowed where {@code CONFIG} is not, as on managed
     * services).
     *
     * @throws StoreException when the policy is another one
     */
    static void requireNoEviction(RedisCommands redis) {
        Optional<String> policy = policy(redis.run("eviction policy check (INFO memory)", r -> r.info("memory")));
        if (policy.isEmpty()) {
            LOG.log(Level.WARNING, () -> "redis at " + redis.url() + " does not report its maxmemory_policy in INFO memory;"
                    + " make sure it is '" + REQUIRED + "': an evicting Redis can lose batch markers, the lease and alert states");
            return;
        }
        if (!policy.get().equals(REQUIRED)) {
            throw new StoreException("redis at " + redis.url() + " has maxmemory-policy " + policy.get()
                    + ": when full it deletes keys, such as batch markers (a retried batch would count twice), the agents' lease"
                    + " (two agents would notify) and alert states; hawkeye needs '" + REQUIRED + "' (redis-cli CONFIG SET"
                    + " maxmemory-policy " + REQUIRED + ", and in redis.conf), so that a full Redis refuses writes instead");
        }
    }

    /** The {@code maxmemory_policy} field of an {@code INFO memory} answer. */
    static Optional<String> policy(String info) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("maxmemory_policy:")) {
                return Optional.of(line.substring("maxmemory_policy:".length()).trim());
            }
        }
        return Optional.empty();
    }
}
