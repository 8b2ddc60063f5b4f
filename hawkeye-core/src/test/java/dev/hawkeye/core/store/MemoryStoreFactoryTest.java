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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @Test
    void readsDetailRollupAndMaxMemory() {
        MemoryStoreSettings settings = MemoryStoreSettings.from(config(Map.of("retention", "2d", "max_series", 500,
                "detail", "1h", "rollup", "5m", "max_memory", "1.5GB")));

        assertThat(settings).isEqualTo(new MemoryStoreSettings(Duration.ofDays(2), 500, Duration.ofHours(1),
                Duration.ofMinutes(5), 3L << 29));
        assertThat(MemoryStoreSettings.from(PluginConfig.empty("store"))).isEqualTo(new MemoryStoreSettings(
                Duration.ofHours(24), 100_000, Duration.ofMinutes(10), Duration.ofMinutes(1), 128L << 20));
    }

    @ParameterizedTest
    @CsvSource({"256MB, 268435456", "256mb, 268435456", "64MiB, 67108864", "2048K, 2097152", "2g, 2147483648",
            "1048576, 1048576", "1 TB, 1099511627776"})
    void readsMaxMemoryInBytesOrWithAUnitOf1024s(String text, long bytes) {
        assertThat(MemoryStoreSettings.from(config(Map.of("max_memory", text))).maxMemoryBytes()).isEqualTo(bytes);
    }

    @Test
    void readsMaxMemoryAsAYamlNumberOfBytes() {
        assertThat(MemoryStoreSettings.from(config(Map.of("max_memory", 8_388_608))).maxMemoryBytes()).isEqualTo(8L << 20);
    }

    @Test
    void refusesAMisspeltNewKeyWithASuggestion() {
        assertThatThrownBy(() -> factory.create(config(Map.of("max_memroy", "64MB"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("monitors.yaml:3:8: store.max_memroy: unknown key 'max_memroy' (did you mean 'max_memory'?)");
        assertThatThrownBy(() -> factory.create(config(Map.of("detial", "1h"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("store.detial: unknown key 'detial' (did you mean 'detail'?)");
    }

    @Test
    void refusesAMaxMemoryThatIsNotASizeOrOutOfRange() {
        assertThatThrownBy(() -> factory.create(config(Map.of("max_memory", "lots"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("monitors.yaml:3:8: store.max_memory: expected a size such as 64MB, 512MB or 2GB "
                        + "(KB, MB, GB, TB count in 1024s, as -Xmx does), got 'lots'");
        assertThatThrownBy(() -> factory.create(config(Map.of("max_memory", "256 MBytes"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("expected a size");
        assertThatThrownBy(() -> factory.create(config(Map.of("max_memory", -5))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("expected a size");
        assertThatThrownBy(() -> factory.create(config(Map.of("max_memory", "512KB"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("monitors.yaml:3:8: store.max_memory: expected a size from 1MB to 1TB, got 512KB");
    }

    @Test
    void refusesADetailOrRollupOutOfRangeListingEveryProblemAtOnce() {
        assertThatThrownBy(() -> factory.create(config(Map.of("detail", "soon", "rollup", "0s", "max_memory", "2TB"))))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(Object::toString).containsExactly(
                        "monitors.yaml:3:8: store.detail: expected a duration such as 30s, 5m or 1h, got 'soon'",
                        "monitors.yaml:3:8: store.rollup: expected a duration from 1s to 1d, got 0s",
                        "monitors.yaml:3:8: store.max_memory: expected a size from 1MB to 1TB, got 2TB"));
        assertThatThrownBy(() -> factory.create(config(Map.of("rollup", "1500ms"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("monitors.yaml:3:8: store.rollup: expected a whole number of seconds, got 1500ms");
        assertThatThrownBy(() -> factory.create(config(Map.of("rollup", "2d"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("store.rollup: expected a duration from 1s to 1d, got 2d");
    }

    @Test
    void acceptsNoDetailForRollupsOnlyAndADetailAsLongAsTheRetentionForNone() {
        assertThat(MemoryStoreSettings.from(config(Map.of("detail", "0s"))).rollsUp()).isTrue();
        assertThat(MemoryStoreSettings.from(config(Map.of("detail", "24h"))).rollsUp()).isFalse();
        assertThat(MemoryStoreSettings.from(config(Map.of("detail", "10m"))).rollsUp()).isTrue();
    }

    private static PluginConfig config(Map<String, ?> values) {
        return PluginConfig.of("store", values, keyPath -> "monitors.yaml:3:8");
    }
}
