package dev.hawkeye.api.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesTest {
    @Test
    void seriesWithTheSameKeyAndTagsInAnyOrderAreEqualWithTheSameHash() {
        Map<String, String> inOrder = new LinkedHashMap<>();
        inOrder.put("host", "a");
        inOrder.put("az", "eu-1");
        Map<String, String> reversed = new LinkedHashMap<>();
        reversed.put("az", "eu-1");
        reversed.put("host", "a");

        Series first = Series.of("http.requests", inOrder);
        Series second = Series.of("http.requests", reversed);

        assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
        assertThat(first.tags()).containsExactly(Map.entry("az", "eu-1"), Map.entry("host", "a"));
        assertThat(first).hasToString("http.requests{az=eu-1,host=a}");
        assertThat(Series.of("k", null)).isEqualTo(Series.of("k", Map.of())).isEqualTo(Series.of("k"));
    }

    @Test
    void aDifferentKeyTagNameOrTagValueIsAnotherSeries() {
        Series series = Series.of("k", Map.of("host", "a"));

        assertThat(series).isNotEqualTo(Series.of("k2", Map.of("host", "a")))
                .isNotEqualTo(Series.of("k", Map.of("node", "a")))
                .isNotEqualTo(Series.of("k", Map.of("host", "b")))
                .isNotEqualTo(Series.of("k"))
                .isNotEqualTo("k{host=a}");
    }

    @Test
    void theTagsCannotBeChangedThroughTheSeriesNorThroughTheMapItWasMadeFrom() {
        Map<String, String> tags = new LinkedHashMap<>(Map.of("host", "a"));
        Series series = Series.of("k", tags);
        int hash = series.hashCode();

        tags.put("host", "b");

        assertThat(series.tags()).containsExactly(Map.entry("host", "a"));
        assertThat(series.hashCode()).isEqualTo(hash);
        assertThatThrownBy(() -> series.tags().put("az", "x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anInvalidKeyOrTagIsRefusedNamingTheField() {
        assertThatThrownBy(() -> Series.of("bad key")).isInstanceOf(InvalidPointException.class)
                .hasMessageContaining("a space at position 3").extracting("field").isEqualTo("key");
        assertThatThrownBy(() -> Series.of("k", Map.of("host", ""))).isInstanceOf(InvalidPointException.class)
                .extracting("field").isEqualTo("tags.host");
    }

    @Test
    void aTagValueWithAnUnpairedSurrogateIsRefusedAPairIsKept() {
        // Stores that key series by UTF-8 would read every lone surrogate as '?', merging different series.
        for (String value : new String[] {"a\uD800", "\uDC00b", "x\uDBFF\uDBFFy"}) {
            assertThatThrownBy(() -> Series.of("k", Map.of("t", value))).as(value.replaceAll("\\p{Cs}", "?"))
                    .isInstanceOf(InvalidPointException.class).hasMessageContaining("unpaired surrogate")
                    .extracting("field").isEqualTo("tags.t");
        }
        assertThat(Series.of("k", Map.of("t", "ok \uD83D\uDE00")).tags()).containsEntry("t", "ok \uD83D\uDE00");
    }
}
