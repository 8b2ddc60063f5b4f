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
    void aKeyHoldingTheSeparatorIsRefusedEvenWhenItReadsAsASeriesSeenBefore() {
        assertThat(intern("a", "b", "c")).isEqualTo(Series.of("a", Map.of("b", "c")));

        assertThatThrownBy(() -> intern("a\0b\0c")).isInstanceOf(InvalidPointException.class).hasMessageContaining("key");
        assertThatThrownBy(() -> intern("a", "b\0c", "d")).isInstanceOf(InvalidPointException.class);
    }

    @Test
    void fourSeriesWithTheSameHashAreAllKept() {
        // "Aa" and "BB" have the same String hash, so these four fall in the same set of slots.
        String[] keys = {"AaAa", "AaBB", "BBAa", "BBBB"};
        Series[] first = new Series[keys.length];
        for (int i = 0; i < keys.length; i++) {
            first[i] = intern(keys[i]);
        }

        for (int i = 0; i < keys.length; i++) {
            assertThat(intern(keys[i])).isSameAs(first[i]).isEqualTo(Series.of(keys[i]));
        }
    }

    @Test
    void aFifthSeriesOfTheSetTakesThePlaceOfTheFirstWhichIsBuiltAgainEqual() {
        String[] keys = {"AaAaAa", "AaAaBB", "AaBBAa", "AaBBBB", "BBAaAa"};
        Series[] first = new Series[keys.length];
        for (int i = 0; i < keys.length; i++) {
            first[i] = intern(keys[i]);
        }

        for (int i = 1; i < keys.length; i++) {
            assertThat(intern(keys[i])).as(keys[i]).isSameAs(first[i]);
        }
        assertThat(intern(keys[0])).isNotSameAs(first[0]).isEqualTo(first[0]);
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

    @Test
    void aThousandSimilarSeriesAreNearlyAllKept() {
        Series[] first = new Series[1_000];
        for (int i = 0; i < first.length; i++) {
            first[i] = intern("http.requests." + i, "route", "/api/" + i, "status", "200");
        }
        int kept = 0;
        for (int i = 0; i < first.length; i++) {
            if (intern("http.requests." + i, "route", "/api/" + i, "status", "200") == first[i]) {
                kept++;
            }
        }

        // Similar keys differ in their hashes' low bits: pairs of slots taken from those alone kept 972.
        assertThat(kept).isGreaterThanOrEqualTo(998);
    }

    @Test
    void aKeyOrTagValueHoldingNulCannotPassForAnotherSeriesItSpells() {
        intern("k", "host", "a");
        intern("k", "host", "a", "zone", "b");

        assertThatThrownBy(() -> intern("k\0\0\0\4host\0\0\0\1a")).as("a key spelling k{host=a}")
                .isInstanceOf(InvalidPointException.class).hasMessageContaining("key");
        assertThatThrownBy(() -> intern("k\0host\0a")).isInstanceOf(InvalidPointException.class);
        assertThatThrownBy(() -> intern("k", "host", "a\0zone\0b")).isInstanceOf(InvalidPointException.class);
        assertThatThrownBy(() -> intern("k", "host", "a\0\0\0\4zone\0\0\0\1b")).as("a tag value spelling another tag")
                .isInstanceOf(InvalidPointException.class);
    }
}
