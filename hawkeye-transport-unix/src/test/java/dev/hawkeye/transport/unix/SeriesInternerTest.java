package dev.hawkeye.transport.unix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.Series;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesInternerTest {
    private final SeriesInterner interner = new SeriesInterner();

    private Series intern(String key, String... tags) {
        SeriesText text = new SeriesText();
        text.key(key.toCharArray(), 0, key.length());
        for (int i = 0; i < tags.length; i += 2) {
            text.tagName(tags[i]);
            text.tagValue(tags[i + 1].toCharArray(), 0, tags[i + 1].length());
        }
        return interner.intern(text);
    }

    @Test
    void twoSeriesWithTheSameHashAreBothKept() {
        // "Aa" and "BB" have the same String hash, so they fall in the same pair of slots.
        Series first = intern("Aa");
        Series second = intern("BB");

        assertThat(intern("Aa")).isSameAs(first);
        assertThat(intern("BB")).isSameAs(second);
        assertThat(second).isEqualTo(Series.of("BB"));
    }

    @Test
    void aThirdSeriesOfThePairTakesAPlaceAndTheOtherIsBuiltAgainEqual() {
        Series first = intern("AaAa");
        intern("BBBB");
        intern("AaBB");

        assertThat(intern("AaAa")).isEqualTo(first);
        assertThat(intern("BBBB")).isEqualTo(Series.of("BBBB"));
    }

    @Test
    void tagsArePartOfTheIdentityAndAnInvalidSeriesIsNeverKept() {
        Series tagged = intern("k", "host", "a");

        assertThat(intern("k", "host", "b")).isEqualTo(Series.of("k", Map.of("host", "b")));
        assertThat(intern("k", "host", "a")).isSameAs(tagged);
        assertThat(intern("k")).isEqualTo(Series.of("k"));
        assertThatThrownBy(() -> intern("bad key")).isInstanceOf(InvalidPointException.class);
        assertThatThrownBy(() -> intern("bad key")).isInstanceOf(InvalidPointException.class);
    }
}
