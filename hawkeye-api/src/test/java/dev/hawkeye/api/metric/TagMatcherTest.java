package dev.hawkeye.api.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagMatcherTest {
    private static final Map<String, String> WEB_1 = Map.of("host", "web-1", "stage", "prod");

    @Test
    void anExactValueAGlobAListAndPresence() {
        assertThat(TagMatcher.parse("host", "web-1").matches(WEB_1)).isTrue();
        assertThat(TagMatcher.parse("host", "web-2").matches(WEB_1)).isFalse();
        assertThat(TagMatcher.parse("host", "web-*").matches(WEB_1)).isTrue();
        assertThat(TagMatcher.parse("host", "*-1").matches(WEB_1)).isTrue();
        assertThat(TagMatcher.parse("host", "w*b*1").matches(WEB_1)).isTrue();
        assertThat(TagMatcher.parse("host", "db-*").matches(WEB_1)).isFalse();
        assertThat(TagMatcher.anyOf("host", List.of("db-1", "web-1")).matches(WEB_1)).isTrue();
        assertThat(TagMatcher.parse("host", "*").matches(WEB_1)).isTrue();
        assertThat(TagMatcher.parse("zone", "*").matches(WEB_1)).as("present, any value").isFalse();
    }

    @Test
    void aNegationAlsoHoldsForASeriesWithoutTheTag() {
        assertThat(TagMatcher.parse("stage", "!canary").matches(WEB_1)).isTrue();
        assertThat(TagMatcher.parse("stage", "!prod").matches(WEB_1)).isFalse();
        assertThat(TagMatcher.parse("stage", "!pr*").matches(WEB_1)).isFalse();
        assertThat(TagMatcher.parse("zone", "!a").matches(WEB_1)).isTrue();
    }

    @Test
    void globsBacktrackAcrossRepeatedCharacters() {
        assertThat(TagMatcher.globMatches("*ab", "aaab")).isTrue();
        assertThat(TagMatcher.globMatches("a*a*a", "aa")).isFalse();
        assertThat(TagMatcher.globMatches("**", "")).isTrue();
        assertThat(TagMatcher.globMatches("a*c", "abcbc")).isTrue();
        assertThat(TagMatcher.globMatches("a*c", "abcb")).isFalse();
    }

    @Test
    void badMatchersAreRefusedNamingTheTag() {
        assertThatThrownBy(() -> TagMatcher.parse("host", "")).isInstanceOf(InvalidPointException.class)
                .hasMessageContaining("tag 'host' has an empty value");
        assertThatThrownBy(() -> TagMatcher.parse("host", "!")).hasMessageContaining("empty value");
        assertThatThrownBy(() -> TagMatcher.anyOf("host", List.of())).hasMessageContaining("at least one value");
        assertThatThrownBy(() -> TagMatcher.anyOf("host", List.of("a", "!b"))).hasMessageContaining("a negation cannot be one of a list");
        assertThatThrownBy(() -> TagMatcher.parse("bad name", "x")).isInstanceOf(InvalidPointException.class);
    }

    @Test
    void aSelectorAllowsOtherTagsUnlessItNamesOneSeriesExactly() {
        Series series = Series.of("api.errors", WEB_1);
        SeriesSelector byHost = SeriesSelector.matching("api.errors", List.of(TagMatcher.parse("host", "web-1")));

        assertThat(byHost.matches(series)).isTrue();
        assertThat(byHost.matches(Series.of("api.other", WEB_1))).isFalse();
        assertThat(SeriesSelector.exactly(Series.of("api.errors", Map.of("host", "web-1"))).matches(series)).isFalse();
        assertThat(SeriesSelector.exactly(series).matches(series)).isTrue();
        assertThat(SeriesSelector.exactly(series).exactSeries()).contains(series);
        assertThat(byHost.exactSeries()).isEmpty();
        assertThat(byHost).hasToString("api.errors{host=web-1}");
    }
}
