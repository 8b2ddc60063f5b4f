package dev.hawkeye.core.testing;

import dev.hawkeye.api.store.AlertStore;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.Series;
import java.util.List;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.metric.GroupedValues;
import dev.hawkeye.api.store.AlertState;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.store.MetricStoreFactory;
import dev.hawkeye.core.store.MemoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;

/** A memory store (type {@code gated-memory}) whose reads wait at a gate while a test holds it closed. */
public final class GatedMemoryStoreFactory implements MetricStoreFactory {
    public static volatile CountDownLatch gate = new CountDownLatch(0);
    public static final CountDownLatch readWaiting = new CountDownLatch(1);

    @Override
    public String type() {
        return "gated-memory";
    }

    @Override
    public MetricStore create(PluginConfig config) {
        MemoryStore store = new MemoryStore(Duration.ofHours(1), Clock.systemUTC());
        return new MetricStore() {
            @Override public void write(FlushBatch batch) { store.write(batch); }
            @Override public OptionalDouble read(Series series, Aggregate aggregate, Instant from, Instant to) {
                awaitGate();
                return store.read(series, aggregate, from, to);
            }
            @Override public GroupedValues readGrouped(SeriesSelector selector, List<String> by, Aggregate aggregate, Instant from,
                                                       Instant to, int max) {
                awaitGate();
                return store.readGrouped(selector, by, aggregate, from, to, max);
            }
            private void awaitGate() {
                if (gate.getCount() > 0) {
                    readWaiting.countDown();
                    try { gate.await(); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
                }
            }
            @Override public Optional<AlertStore> alerts() { return store.alerts(); }
            @Override public String describe() { return "gated-memory"; }
            @Override public void close() { }
        };
    }
}
