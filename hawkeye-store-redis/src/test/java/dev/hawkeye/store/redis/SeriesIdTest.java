package dev.hawkeye.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.metric.Series;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesIdTest {

    @Test
    void isTheKeyAloneForASeriesWithoutTags() {
        assertThat(SeriesId.of(Series.of("api.requests"))).isEqualTo("api.requests");
    }

    @Test
    void listsTagsInNameOrderWhateverTheirOrderOfCreation() {
        Map<String, String> reversed = new LinkedHashMap<>();
        reversed.put("region", "eu-1");
        reversed.put("host", "web-1");

        assertThat(SeriesId.of(Series.of("api.requests", reversed))).isEqualTo("api.requests;host=web-1;region=eu-1");
    }

    @Test
    void escapesEveryCharacterThatCouldBreakAKeyOrItsHashTag() {
        String id = SeriesId.of(Series.of("k", Map.of("path", "/a b{c}%;=é")));

        assertThat(id).isEqualTo("k;path=%2Fa%20b%7Bc%7D%25%3B%3D%C3%A9");
        assertThat(id).doesNotContain("{", "}", " ");
    }

    @Test
    void distinguishesTagValuesThatOnlyLookAlike() {
        assertThat(SeriesId.of(Series.of("k", Map.of("a", "1;b=2"))))
                .isNotEqualTo(SeriesId.of(Series.of("k", Map.of("a", "1", "b", "2"))));
    }

    @Test
    void hashesALongIdIntoAShortStableOneThatKeepsTheKeyStart() {
        Series long1 = Series.of("service.latency", Map.of("path", "x".repeat(200)));
        Series long2 = Series.of("service.latency", Map.of("path", "x".repeat(199) + "y"));

        String id = SeriesId.of(long1);

        assertThat(id).matches("service\\.latency#[0-9a-f]{32}");
        assertThat(SeriesId.of(Series.of("service.latency", Map.of("path", "x".repeat(200))))).isEqualTo(id);
        assertThat(SeriesId.of(long2)).isNotEqualTo(id);
        assertThat(SeriesId.of(Series.of("k".repeat(200)))).hasSize(SeriesId.KEPT_KEY_LENGTH + 1 + 32);
    }
}
