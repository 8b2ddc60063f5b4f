package dev.hawkeye.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.core.testing.LogCapture;
import dev.hawkeye.core.testing.ManualClock;
import dev.hawkeye.core.testing.StoreWrites;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The memory store holds at most {@code max_series} series: the buckets of a new series beyond it
 * are dropped, counted and logged; a series whose buckets all expired is forgotten, making room.
 */
class TheMemoryStoreKeepsAtMostMaxSeriesTest {
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    private final ManualClock clock = new ManualClock(NOW);
    private final MemoryStore store = new MemoryStore(Duration.ofMinutes(10), 2, clock);
    @RegisterExtension
    final LogCapture log = LogCapture.of(MemoryStore.class);

    @Test
    void theBucketsOfANewSeriesBeyondMaxSeriesAreDroppedCountedAndLogged() {
        write("a", NOW);
        write("b", NOW);
        write("c", NOW);
        write("c", NOW.plusSeconds(1));
        write("a", NOW.plusSeconds(1));

        assertThat(store.seriesCount()).isEqualTo(2);
        assertThat(count("a")).isEqualTo(2);
        assertThat(count("c")).isZero();
        assertThat(store.bucketsDroppedOverMaxSeries()).isEqualTo(2);
        assertThat(store.counters()).containsEntry("store.buckets.dropped", 2L).containsEntry("store.buckets.evicted", 0L);
        assertThat(log.messages()).singleElement().asString()
                .contains("max_series (2)").contains("c");
    }

    @Test
    void aSeriesWhoseBucketsAllExpiredIsForgottenAndMakesRoom() {
        write("a", NOW);
        clock.advance(Duration.ofMinutes(5));
        write("b", clock.instant());
        clock.advance(Duration.ofMinutes(6)); // a's only bucket is now past the 10 min retention; b's is not
        write("c", clock.instant());

        assertThat(store.seriesCount()).isEqualTo(2);
        assertThat(count("a")).isZero();
        assertThat(count("b")).isEqualTo(1);
        assertThat(count("c")).isEqualTo(1);
        assertThat(store.bucketsDroppedOverMaxSeries()).isZero();
    }

    @Test
    void theFactoryReadsMaxSeriesAndRefusesANonPositiveOne() {
        MemoryStoreFactory factory = new MemoryStoreFactory();

        assertThat(factory.create(config(Map.of("max_series", 5)))).isInstanceOf(MemoryStore.class);
        assertThat(MemoryStoreFactory.DEFAULT_MAX_SERIES).isEqualTo(100_000);
        assertThatThrownBy(() -> factory.create(config(Map.of("max_series", 0)))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("store.max_series");
    }

    private void write(String key, Instant at) {
        StoreWrites.write(store, Series.of(key), MetricType.COUNTER, 1, at);
    }

    private double count(String key) {
        return store.read(Series.of(key), Aggregate.COUNT, NOW.minus(Duration.ofHours(1)), clock.instant().plusSeconds(2))
                .getAsDouble();
    }

    private static PluginConfig config(Map<String, ?> values) {
        return PluginConfig.of("store", values, keyPath -> "monitors.yaml:3:8");
    }
}
