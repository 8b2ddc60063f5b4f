package dev.hawkeye.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesBucket;
import dev.hawkeye.api.metric.Stats;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.store.MetricStoreFactory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class MemoryStoreFactoryTest {
    private final MemoryStoreFactory factory = new MemoryStoreFactory();

    @Test
    void isRegisteredAsTheStoreOfTypeMemory() {
        assertThat(ServiceLoader.load(MetricStoreFactory.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(found -> {
                    assertThat(found).isInstanceOf(MemoryStoreFactory.class);
                    assertThat(found.type()).isEqualTo("memory");
                });
    }

    @Test
    void createsAWorkingStoreWithItsDefaults() {
        MetricStore store = factory.create(PluginConfig.empty("store"));
        Instant now = Instant.now();
        Series series = Series.of("api.errors");
        store.write(new FlushBatch("b1", now.toEpochMilli(), 1_000,
                List.of(new SeriesBucket(series, MetricType.COUNTER, now.toEpochMilli(), Stats.of(3, now.toEpochMilli())))));

        assertThat(store.describe()).isEqualTo("memory");
        assertThat(store.read(series, Aggregate.COUNT, now, now.plusSeconds(1))).hasValue(3);
    }

    @Test
    void acceptsARetention() {
        assertThat(factory.create(config(Map.of("type", "memory", "retention", "2h")))).isInstanceOf(MemoryStore.class);
    }

    @Test
    void refusesAnUnknownKeyWithASuggestion() {
        assertThatThrownBy(() -> factory.create(config(Map.of("type", "memory", "retension", "2h"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("store.retension")
                .hasMessageContaining("retention");
    }

    @Test
    void refusesARetentionThatIsNotADuration() {
        assertThatThrownBy(() -> factory.create(config(Map.of("retention", "a day"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("store.retention")
                .hasMessageContaining("duration");
        assertThatThrownBy(() -> factory.create(config(Map.of("retention", "0s"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("store.retention");
    }

    private static PluginConfig config(Map<String, ?> values) {
        return PluginConfig.of("store", values, keyPath -> "monitors.yaml:3:8");
    }
}
