package dev.hawkeye.store.redis;

import dev.hawkeye.api.store.AlertState;
import dev.hawkeye.api.store.AlertStore;
import dev.hawkeye.api.store.Fence;
import dev.hawkeye.api.store.FencedException;
import dev.hawkeye.api.store.HistoryEvent;
import dev.hawkeye.api.store.OutboxEntry;
import dev.hawkeye.api.store.StoreException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import redis.clients.jedis.AbstractTransaction;

/**
 * Alert states and the outbox in Redis ({@link KeyLayout}), shared by every agent on the same Redis.
 * A save is one script: it compares the fence with the token in the lease key, sets the state and
 * appends the entries, or does nothing; {@link #forget} is one script the same way. Thread-safe; each method is one round trip (a removal of more than 1,000 entries, one per 1,000).
 */
final class RedisAlertStore implements AlertStore {
    /** How many notifications the outbox holds. */
    static final int OUTBOX_LIMIT = 10_000;
    /** Below Lua's limit of values unpacked onto its stack (8,000). */
    private static final int REMOVALS_PER_SCRIPT = 1_000;

    private final RedisCommands redis;
    private final KeyLayout keys;
    private final LuaScript save = LuaScript.load(LuaScript.SAVE_ALERT, LuaScript.FENCE);
    private final LuaScript forget = LuaScript.load(LuaScript.FORGET_ALERT, LuaScript.FENCE);
    private final LuaScript readOutbox = LuaScript.load(LuaScript.READ_OUTBOX);
    private final LuaScript removeOutbox = LuaScript.load(LuaScript.REMOVE_OUTBOX);

    RedisAlertStore(RedisCommands redis, KeyLayout keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** {@inheritDoc} The map is unmodifiable and sorted by monitor name. */
    @Override
    public Map<String, AlertState> loadStates() {
        Map<String, String> all = redis.run("load of all alert states", r -> r.hgetAll(keys.alertsKey()));
        Map<String, AlertState> states = new TreeMap<>();
        all.forEach((monitor, text) -> states.put(monitor, decode(monitor, text)));
        return Collections.unmodifiableMap(states);
    }

    @Override
    public Optional<AlertState> loadState(String monitor) {
        String text = redis.run("load of the alert state of monitor " + monitor, r -> r.hget(keys.alertsKey(), monitor));
        return text == null ? Optional.empty() : Optional.of(decode(monitor, text));
    }

    @Override
    public int save(AlertState state, List<OutboxEntry> entries, Fence fence) {
        List<String> args = new ArrayList<>(4 + 2 * entries.size());
        args.add(Long.toString(fence.token()));
        args.add(state.monitor());
        args.add(AlertStateCodec.encode(state));
        args.add(Integer.toString(OUTBOX_LIMIT));
        for (OutboxEntry entry : entries) {
            args.add(entry.id());
            args.add(entry.via() + "\n" + entry.monitor() + "\n" + entry.payload());
        }
        String operation = "save of the alert state of monitor " + state.monitor();
        List<String> reply = redis.eval(operation, save, List.of(keys.alertsKey(), leaseKey(fence), keys.outboxOrderKey(),
                keys.outboxEntriesKey(), keys.outboxSequenceKey()), args);
        return fencedAnswer(operation, fence, reply);
    }

    /** {@inheritDoc} One script: {@code HDEL} of the monitor's field in the alert states, after the fence check. */
    @Override
    public void forget(String monitor, Fence fence) {
        String operation = "removal of the alert state of monitor " + monitor;
        List<String> reply = redis.eval(operation, forget, List.of(keys.alertsKey(), leaseKey(fence)),
                List.of(Long.toString(fence.token()), monitor));
        fencedAnswer(operation, fence, reply);
        redis.run("removal of the history of monitor " + monitor, r -> r.del(keys.historyKey(monitor)));
    }

    /** {@inheritDoc} One transaction: {@code LPUSH} of the events, then {@code LTRIM} to the limit. */
    @Override
    public void appendHistory(String monitor, List<HistoryEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        String key = keys.historyKey(monitor);
        String[] lines = events.stream().map(HistoryCodec::encode).toArray(String[]::new);
        redis.run("append to the history of monitor " + monitor, r -> {
            try (AbstractTransaction transaction = r.multi()) {
                transaction.lpush(key, lines);
                transaction.ltrim(key, 0, HISTORY_LIMIT - 1);
                return transaction.exec();
            }
        });
    }

    @Override
    public List<HistoryEvent> history(String monitor, int limit) {
        if (limit < 1) {
            return List.of();
        }
        String key = keys.historyKey(monitor);
        List<String> lines = redis.run("read of the history of monitor " + monitor, r -> r.lrange(key, 0, limit - 1));
        List<HistoryEvent> events = new ArrayList<>(lines.size());
        for (String line : lines) {
            try {
                events.add(HistoryCodec.decode(line));
            } catch (IllegalArgumentException e) {
                throw new StoreException("redis history of monitor " + monitor + " in " + key + " at " + redis.url()
                        + " holds what this hawkeye cannot read: " + e.getMessage(), e);
            }
        }
        return events;
    }

    private String leaseKey(Fence fence) {
        return fence.isChecked() ? keys.leaseKey(fence.lease()) : keys.leaseKey("none");
    }

    /** The number a fenced script answered; -1 (the fence was not current) is a {@link FencedException}. */
    private int fencedAnswer(String operation, Fence fence, List<String> reply) {
        if (reply.size() != 1 || !reply.get(0).matches("-?\\d{1,9}")) {
            throw new StoreException("redis " + operation + " at " + redis.url() + ": unexpected answer " + reply);
        }
        int answer = Integer.parseInt(reply.get(0));
        if (answer < 0) {
            throw new FencedException("redis at " + redis.url() + " refused the " + operation + ": the lease '" + fence.lease()
                    + "' is no longer held under token " + fence.token());
        }
        return answer;
    }

    @Override
    public List<OutboxEntry> outbox(int limit) {
        List<String> reply = redis.eval("read of the outbox", readOutbox, List.of(keys.outboxOrderKey(), keys.outboxEntriesKey()),
                List.of(Integer.toString(Math.max(1, limit))));
        List<OutboxEntry> entries = new ArrayList<>(reply.size() / 2);
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            String id = reply.get(i);
            String text = reply.get(i + 1);
            int first = text.indexOf('\n');
            int second = first < 0 ? -1 : text.indexOf('\n', first + 1);
            if (second < 0) {
                throw new StoreException("redis outbox entry " + id + " in " + keys.outboxEntriesKey() + " at " + redis.url()
                        + " is unreadable: no via and monitor");
            }
            entries.add(new OutboxEntry(id, text.substring(first + 1, second), text.substring(0, first), text.substring(second + 1)));
        }
        return entries;
    }

    @Override
    public void remove(List<String> ids) {
        for (int from = 0; from < ids.size(); from += REMOVALS_PER_SCRIPT) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + REMOVALS_PER_SCRIPT));
            String operation = chunk.size() == 1 ? "removal of outbox entry " + chunk.get(0)
                    : "removal of " + chunk.size() + " outbox entries from " + chunk.get(0);
            redis.eval(operation, removeOutbox, List.of(keys.outboxOrderKey(), keys.outboxEntriesKey()), chunk);
        }
    }

    private AlertState decode(String monitor, String text) {
        try {
            return AlertStateCodec.decode(monitor, text);
        } catch (IllegalArgumentException e) {
            throw new StoreException("redis alert state of monitor " + monitor + " in " + keys.alertsKey() + " at "
                    + redis.url() + " is unreadable: " + e.getMessage(), e);
        }
    }
}
