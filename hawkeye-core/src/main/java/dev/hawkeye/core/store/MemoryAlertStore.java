package dev.hawkeye.core.store;

import dev.hawkeye.api.store.AlertState;
import dev.hawkeye.api.store.AlertStore;
import dev.hawkeye.api.store.Fence;
import dev.hawkeye.api.store.FencedException;
import dev.hawkeye.api.store.HistoryEvent;
import dev.hawkeye.api.store.OutboxEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Alert states and the outbox in this process's memory: the memory store's, and core's for a store
 * plugin that keeps none. Fenced writes are checked against {@link MemoryLeases} when it is given
 * one (tests that stand for several agents sharing a store), else not at all. Thread-safe: every
 * method holds the instance's lock, so a save is one step.
 */
public final class MemoryAlertStore implements AlertStore {
    /** How many notifications the outbox holds by default. */
    public static final int DEFAULT_OUTBOX_LIMIT = 10_000;

    private final MemoryLeases leases;
    private final int outboxLimit;
    private final Map<String, AlertState> states = new TreeMap<>();
    private final LinkedHashMap<String, OutboxEntry> outbox = new LinkedHashMap<>();
    /** Newest first; a monitor's history goes when its state is forgotten, so it is bounded as the states are. */
    private final Map<String, ArrayDeque<HistoryEvent>> histories = new HashMap<>();

    /** Unfenced, with the default outbox limit. */
    public MemoryAlertStore() {
        this(null, DEFAULT_OUTBOX_LIMIT);
    }

    /**
     * @param leases      checks fences; null to check none
     * @param outboxLimit how many entries the outbox holds, at least 1
     */
    public MemoryAlertStore(MemoryLeases leases, int outboxLimit) {
        if (outboxLimit < 1) {
            throw new IllegalArgumentException("outbox limit must be at least 1, got " + outboxLimit);
        }
        this.leases = leases;
        this.outboxLimit = outboxLimit;
    }

    @Override
    public synchronized Map<String, AlertState> loadStates() {
        return Collections.unmodifiableMap(new TreeMap<>(states));
    }

    @Override
    public synchronized Optional<AlertState> loadState(String monitor) {
        return Optional.ofNullable(states.get(monitor));
    }

    @Override
    public synchronized int save(AlertState state, List<OutboxEntry> entries, Fence fence) {
        requireCurrent(fence);
        states.put(state.monitor(), state);
        int dropped = 0;
        for (OutboxEntry entry : entries) {
            if (outbox.containsKey(entry.id())) {
                continue;
            }
            if (outbox.size() >= outboxLimit) {
                dropped++;
            } else {
                outbox.put(entry.id(), entry);
            }
        }
        return dropped;
    }

    @Override
    public synchronized void forget(String monitor, Fence fence) {
        requireCurrent(fence);
        states.remove(monitor);
        histories.remove(monitor);
    }

    @Override
    public synchronized void appendHistory(String monitor, List<HistoryEvent> events) {
        ArrayDeque<HistoryEvent> history = histories.computeIfAbsent(monitor, name -> new ArrayDeque<>());
        for (HistoryEvent event : events) {
            history.addFirst(event);
            if (history.size() > HISTORY_LIMIT) {
                history.removeLast();
            }
        }
    }

    @Override
    public synchronized List<HistoryEvent> history(String monitor, int limit) {
        return histories.getOrDefault(monitor, new ArrayDeque<>()).stream().limit(limit).toList();
    }

    private void requireCurrent(Fence fence) {
        if (fence.isChecked() && leases != null && !leases.isCurrent(fence)) {
            throw new FencedException("the lease '" + fence.lease() + "' is no longer held under token " + fence.token());
        }
    }

    @Override
    public synchronized List<OutboxEntry> outbox(int limit) {
        List<OutboxEntry> out = new ArrayList<>(Math.min(limit, outbox.size()));
        for (OutboxEntry entry : outbox.values()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(entry);
        }
        return out;
    }

    @Override
    public synchronized void remove(List<String> ids) {
        ids.forEach(outbox::remove);
    }
}
