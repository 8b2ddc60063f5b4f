package dev.hawkeye.transport.statsd;

import java.util.Locale;

/**
 * Why a line of a datagram was refused. Each is a counter {@code statsd.lines.invalid.<reason>}
 * reported by {@code status}; the other lines of the datagram are kept.
 */
enum LineFault {
    /** No {@code :} between the name and the value. */
    NO_VALUE("no ':' between the name and the value"),
    /** No {@code |} before the type. */
    NO_TYPE("no '|' before the type"),
    /** The name has no character left once mapped (see {@link NameRule}). */
    EMPTY_NAME("the name is empty once mapped"),
    /** A value that is not a decimal number. */
    BAD_VALUE("a value is not a number"),
    /** NaN, infinity, or a number too large for a double. */
    NOT_FINITE("a value is not finite"),
    /** A type other than c, g, ms, h, d or s. */
    BAD_TYPE("the type is not one of c, g, ms, h, d, s"),
    /** A set ({@code |s}): hawkeye has no distinct-count type, so sets are refused rather than counted wrongly. */
    SET_UNSUPPORTED("sets (|s) are not supported"),
    /** A sample rate that is not a number in (0, 1]. */
    BAD_RATE("the sample rate is not a number in (0, 1]"),
    /** A {@code |T} timestamp that is not whole seconds since the epoch. */
    BAD_TIMESTAMP("the |T timestamp is not whole seconds since the epoch"),
    /** A field after the type that is none of {@code @rate}, {@code #tags}, {@code T...} or {@code x:...}. */
    BAD_FIELD("a field after the type is none of @rate, #tags, T<seconds>, c:<container>"),
    /** More tags than a series may have. */
    TOO_MANY_TAGS("more tags than a series may have"),
    /** The same tag name twice. */
    DUPLICATE_TAG("a tag name appears twice"),
    /** A name or tag that hawkeye refuses after mapping (too long, a control character in a value). */
    INVALID_SERIES("the series is not valid"),
    /** Bytes that are not UTF-8. */
    INVALID_UTF8("the line is not valid UTF-8"),
    /** The rest of a datagram longer than {@code max_datagram_bytes}, cut at the limit. */
    TRUNCATED("the datagram is longer than max_datagram_bytes; its last line was cut");

    private final String counterKey;
    private final String meaning;

    LineFault(String meaning) {
        this.meaning = meaning;
        this.counterKey = "statsd.lines.invalid." + name().toLowerCase(Locale.ROOT);
    }

    /** The counter {@code status} reports. */
    String counterKey() {
        return counterKey;
    }

    /** What was wrong, for the log. */
    String meaning() {
        return meaning;
    }
}
