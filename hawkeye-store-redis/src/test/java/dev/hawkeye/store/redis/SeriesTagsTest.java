package dev.hawkeye.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hawkeye.api.metric.Series;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesTagsTest {

    @Test
    void isEmptyForNoTagsAndTheIdWithoutTheKeyOtherwise() {
        Series series = Series.of("k", Map.of("region", "eu-1", "host", "web-1"));

        assertThat(SeriesTags.encode(Map.of())).isEmpty();
        assertThat(SeriesTags.encode(series.tags())).isEqualTo("host=web-1;region=eu-1");
        assertThat("k;" + SeriesTags.encode(series.tags())).isEqualTo(SeriesId.of(series));
    }

    @Test
    void readsBackEveryValueEvenOnesHoldingTheSeparatorsOrAnyCharacter() {
        Map<String, String> tags = Map.of("a", "1;b=2", "path", "/a b{c}%;=é", "emoji", "\uD83D\uDE00", "long", "x".repeat(200));

        assertThat(SeriesTags.decode(SeriesTags.encode(tags))).isEqualTo(tags);
        assertThat(SeriesTags.decode("")).isEmpty();
    }

    @Test
    void refusesATextItDoesNotWrite() {
        assertThatThrownBy(() -> SeriesTags.decode("host")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
        assertThatThrownBy(() -> SeriesTags.decode("=x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SeriesTags.decode("a=1;a=2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SeriesTags.decode("a=%4")).isInstanceOf(IllegalArgumentException.class);
    }
}
