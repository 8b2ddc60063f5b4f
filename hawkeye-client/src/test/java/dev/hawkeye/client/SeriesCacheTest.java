package dev.hawkeye.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.Series;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesCacheTest {
    private final SeriesCache cache = new SeriesCache();

    @Test
    void returnsTheSameSeriesForTheSameTagsInAnyOrder() {
        Series first = cache.of("http.requests", new String[] {"method", "GET", "status", "200"});

        Series again = cache.of("http.requests", new String[] {"status", "200", "method", "GET"});

        assertThat(again).isSameAs(first).isEqualTo(Series.of("http.requests", Map.of("method", "GET", "status", "200")));
    }

    @Test
    void tellsSeriesWithDifferentTagsApart() {
        Series get = cache.of("http.requests", new String[] {"method", "GET"});
        Series put = cache.of("http.requests", new String[] {"method", "PUT"});
        Series none = cache.of("http.requests", new String[0]);
        Series both = cache.of("http.requests", new String[] {"method", "GET", "status", "200"});

        assertThat(cache.of("http.requests", new String[] {"method", "PUT"})).isSameAs(put);
        assertThat(new Series[] {get, put, none, both}).doesNotHaveDuplicates();
        assertThat(none.tags()).isEmpty();
    }

    @Test
    void aNameGivenTwiceNeverMatchesACachedSeries() {
        cache.of("http.requests", new String[] {"method", "GET", "status", "200"});

        assertThatThrownBy(() -> cache.of("http.requests", new String[] {"method", "GET", "method", "GET"}))
                .isInstanceOf(InvalidPointException.class).hasMessageContaining("given twice");
    }

    @Test
    void keepsValidatingKeysBeyondItsBound() {
        for (int i = 0; i < SeriesCache.MAX_KEYS + 10; i++) {
            cache.of("key." + i, new String[0]);
        }

        assertThat(cache.of("key.beyond", new String[0]).key()).isEqualTo("key.beyond");
        assertThatThrownBy(() -> cache.of("key beyond", new String[0])).isInstanceOf(InvalidPointException.class);
    }
}
