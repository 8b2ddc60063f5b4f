package dev.hawkeye.core.alert;

import dev.hawkeye.api.store.Fence;
import dev.hawkeye.api.store.OutboxEntry;
import dev.hawkeye.api.store.AlertStore;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.metric.GroupedValues;
import dev.hawkeye.api.metric.SeriesBucket;
import dev.hawkeye.api.metric.Stats;
import dev.hawkeye.api.store.AlertState;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.store.StoreException;
import dev.hawkeye.core.store.MemoryStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real {@link MemoryStore} behind switches a test flips: fail like an unreachable store, fail
 * only the saves, or throw a bug's exception from the next reads. Counts reads per series and
 * remembers the threads that read.
 */
final class SwitchableStore implements MetricStore {
    private final MemoryStore store;
    private final AtomicLong reads = new AtomicLong();
    private final Map<Series, AtomicLong> readsBySeries = new ConcurrentHashMap<>();
    private final Set<String> readerThreads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger brokenReads = new AtomicInteger();
    private volatile boolean down;
    private volatile boolean savesFail;

    SwitchableStore(MemoryStore store) {
        this.store = store;
    }

    /** Writes a counter bucket of {@code total} at {@code at}, as the aggregator would flush it. */
    void count(Series series, double total, Instant at) {
        long bucketStart = at.toEpochMilli() / 1000 * 1000;
        store.write(new FlushBatch(UUID.randomUUID().toString(), at.toEpochMilli(), 1000,
                List.of(new SeriesBucket(series, MetricType.COUNTER, bucketStart, Stats.of(total, at.toEpochMilli())))));
    }

    void down(boolean down) {
        this.down = down;
    }

    void savesFail(boolean savesFail) {
        this.savesFail = savesFail;
    }

    /** The next {@code count} reads throw an {@link IllegalStateException}, as a bug would. */
    void breakNextReads(int count) {
        brokenReads.set(count);
    }

    long reads() {
        return reads.get();
    }

    long reads(Series series) {
        AtomicLong count = readsBySeries.get(series);
        return count == null ? 0 : count.get();
    }

    Set<String> readerThreads() {
        return readerThreads;
    }

    @Override
    public void write(FlushBatch batch) {
        failIfDown();
        store.write(batch);
    }

    /** Reads of several series are counted once each, as a monitor's read of one is. */
    @Override
    public GroupedValues readGrouped(SeriesSelector selector, List<String> by, Aggregate aggregate, Instant from, Instant to, int max) {
        if (selector.exactSeries().isPresent()) {
            return MetricStore.super.readGrouped(selector, by, aggregate, from, to, max);
        }
        failIfDown();
        reads.incrementAndGet();
        readerThreads.add(Thread.currentThread().getName());
        return store.readGrouped(selector, by, aggregate, from, to, max);
    }

    @Override
    public OptionalDouble read(Series series, Aggregate aggregate, Instant from, Instant to) {
        failIfDown();
        reads.incrementAndGet();
        readsBySeries.computeIfAbsent(series, ignored -> new AtomicLong()).incrementAndGet();
        readerThreads.add(Thread.currentThread().getName());
        if (brokenReads.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            throw new IllegalStateException("bug in a read (test)");
        }
        return store.read(series, aggregate, from, to);
    }

    @Override
    public Optional<AlertStore> alerts() {
        AlertStore inner = store.alerts().orElseThrow();
        return Optional.of(new AlertStore() {
            @Override
            public Map<String, AlertState> loadStates() {
                failIfDown();
                return inner.loadStates();
            }

            @Override
            public Optional<AlertState> loadState(String monitor) {
                failIfDown();
                return inner.loadState(monitor);
            }

            @Override
            public int save(AlertState state, List<OutboxEntry> entries, Fence fence) {
                failIfDown();
                if (savesFail) {
                    throw new StoreException("READONLY You can't write against a read only replica (test)");
                }
                return inner.save(state, entries, fence);
            }

            @Override
            public List<OutboxEntry> outbox(int limit) {
                failIfDown();
                return inner.outbox(limit);
            }

            @Override
            public void remove(List<String> ids) {
                failIfDown();
                inner.remove(ids);
            }
        });
    }

    private void failIfDown() {
        if (down) {
            throw new StoreException("connection refused (test store is down)");
        }
    }
}
