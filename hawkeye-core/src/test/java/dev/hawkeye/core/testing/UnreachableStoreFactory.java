package dev.hawkeye.core.testing;

import dev.hawkeye.api.store.Fence;
import dev.hawkeye.api.store.OutboxEntry;
import dev.hawkeye.api.store.AlertStore;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.store.AlertState;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.store.MetricStoreFactory;
import dev.hawkeye.api.store.StoreException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A store of type {@code unreachable} for core's tests: every operation throws a
 * {@link StoreException} naming it ({@code write refused: unreachable test store}), as a store
 * whose server is down would.
 */
public final class UnreachableStoreFactory implements MetricStoreFactory {
    public static final String TYPE = "unreachable";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public MetricStore create(PluginConfig config) {
        config.rejectUnknownKeys(List.of());
        return new MetricStore() {
            @Override
            public void write(FlushBatch batch) {
                throw refused("write");
            }

            @Override
            public OptionalDouble read(Series series, Aggregate aggregate, Instant from, Instant to) {
                throw refused("read");
            }

            @Override
            public Optional<AlertStore> alerts() {
                return Optional.of(new AlertStore() {
                    @Override public Map<String, AlertState> loadStates() { throw refused("load alert states"); }
                    @Override public Optional<AlertState> loadState(String monitor) { throw refused("load alert state"); }
                    @Override public int save(AlertState state, List<OutboxEntry> entries, Fence fence) { throw refused("save alert state"); }
                    @Override public List<OutboxEntry> outbox(int limit) { throw refused("read outbox"); }
                    @Override public void remove(List<String> ids) { throw refused("remove outbox entry"); }
                });
            }

            @Override
            public String describe() {
                return TYPE;
            }
        };
    }

    private static StoreException refused(String operation) {
        return new StoreException(operation + " refused: unreachable test store");
    }
}
