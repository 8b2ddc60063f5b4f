package dev.hawkeye.transport.statsd;

import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the lines of StatsD and DogStatsD datagrams:
 * {@code name:value[:value...]|type[|@rate][|#tag:value,...][|T<seconds>][|c:<container>]}.
 * A line that cannot be read is refused with its {@link LineFault} and costs no other line.
 * Not thread-safe: one per receiver, which owns its caches.
 *
 * <p>What each type becomes: {@code c} a counter, whose value is divided by the sample rate;
 * {@code g} a gauge, where a sign ({@code +3}, {@code -3}) changes the last value this receiver saw;
 * {@code ms}, {@code h} and {@code d} histogram values (the sample rate does not weight them);
 * {@code s} is refused. A tag without a value gets the value {@code true}. Events ({@code _e{...}})
 * and service checks ({@code _sc|...}) are counted and ignored; so are unknown DogStatsD
 * extension fields written {@code x:...} (the container id {@code c:...} among them).
 */
final class LineParser {
    /** The value a tag written without one ({@code #canary}) gets. */
    static final String TAG_WITHOUT_VALUE = "true";
    static final int GAUGE_MEMORY = 100_000;

    /** Where the lines of a datagram go. */
    interface Output {
        /** One value of a line that was read. */
        void metric(Series series, MetricType type, double value, long timestampMillis);

        /** A line refused; {@code detail} says more than the fault where it can (else null). */
        void refused(LineFault fault, byte[] data, int from, int to, String detail);

        /** An event or a service check, ignored. */
        void ignored(IgnoredLine kind);
    }

    /** What is read and dropped on purpose. */
    enum IgnoredLine {
        EVENT("statsd.events.ignored"),
        SERVICE_CHECK("statsd.service_checks.ignored");

        private final String counterKey;

        IgnoredLine(String counterKey) {
            this.counterKey = counterKey;
        }

        String counterKey() {
            return counterKey;
        }
    }

    private final SeriesCache seriesCache = new SeriesCache();
    private final GaugeMemory gauges = new GaugeMemory(GAUGE_MEMORY);
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private double[] values = new double[4];
    /** Set by {@link #series} when it returns null. */
    private LineFault seriesFault;
    private String seriesDetail;

    /** Reads every line of {@code data[from, to)}; lines end with {@code \n} (a {@code \r} before it is dropped). */
    void parse(byte[] data, int from, int to, long nowMillis, Output out) {
        int start = from;
        while (start < to) {
            int end = indexOf(data, (byte) '\n', start, to);
            int lineEnd = end;
            if (lineEnd > start && data[lineEnd - 1] == '\r') {
                lineEnd--;
            }
            if (lineEnd > start) {
                line(data, start, lineEnd, nowMillis, out);
            }
            start = end + 1;
        }
    }

    /** Gauges forgotten to keep the gauge memory bounded. */
    long gaugesForgotten() {
        return gauges.forgotten();
    }

    private void line(byte[] data, int from, int to, long nowMillis, Output out) {
        if (data[from] == '_') {
            if (startsWith(data, from, to, "_e{")) {
                out.ignored(IgnoredLine.EVENT);
                return;
            }
            if (startsWith(data, from, to, "_sc|")) {
                out.ignored(IgnoredLine.SERVICE_CHECK);
                return;
            }
        }
        if (!isAscii(data, from, to) && !isUtf8(data, from, to)) {
            out.refused(LineFault.INVALID_UTF8, data, from, to, null);
            return;
        }
        int colon = indexOf(data, (byte) ':', from, to);
        if (colon == to) {
            out.refused(LineFault.NO_VALUE, data, from, to, null);
            return;
        }
        int pipe = indexOf(data, (byte) '|', colon + 1, to);
        if (pipe == to) {
            out.refused(LineFault.NO_TYPE, data, from, to, null);
            return;
        }
        int typeEnd = indexOf(data, (byte) '|', pipe + 1, to);
        MetricType type;
        int typeLength = typeEnd - pipe - 1;
        byte first = typeLength > 0 ? data[pipe + 1] : 0;
        if (typeLength == 1 && first == 'c') {
            type = MetricType.COUNTER;
        } else if (typeLength == 1 && first == 'g') {
            type = MetricType.GAUGE;
        } else if ((typeLength == 1 && (first == 'h' || first == 'd')) || (typeLength == 2 && first == 'm' && data[pipe + 2] == 's')) {
            type = MetricType.HISTOGRAM;
        } else if (typeLength == 1 && first == 's') {
            out.refused(LineFault.SET_UNSUPPORTED, data, from, to, null);
            return;
        } else {
            out.refused(LineFault.BAD_TYPE, data, from, to, null);
            return;
        }

        double rate = 1;
        int tagsFrom = to;
        int tagsTo = to;
        long timestampMillis = nowMillis;
        for (int field = typeEnd + 1; field <= to; ) {
            int fieldEnd = indexOf(data, (byte) '|', field, to);
            if (fieldEnd == field) {
                out.refused(LineFault.BAD_FIELD, data, from, to, "an empty field");
                return;
            }
            byte kind = data[field];
            if (kind == '@') {
                rate = Numbers.parse(data, field + 1, fieldEnd);
                if (!(rate > 0 && rate <= 1)) {
                    out.refused(LineFault.BAD_RATE, data, from, to, null);
                    return;
                }
            } else if (kind == '#' && tagsFrom == to) {
                tagsFrom = field + 1;
                tagsTo = fieldEnd;
            } else if (kind == 'T') {
                long seconds = Numbers.seconds(data, field + 1, fieldEnd);
                if (seconds < 0) {
                    out.refused(LineFault.BAD_TIMESTAMP, data, from, to, null);
                    return;
                }
                timestampMillis = seconds * 1000;
            } else if (!isExtensionField(data, field, fieldEnd)) {
                out.refused(LineFault.BAD_FIELD, data, from, to, null);
                return;
            }
            field = fieldEnd + 1;
        }

        int count = 0;
        boolean change = false;
        for (int value = colon + 1; value <= pipe; ) {
            int valueEnd = indexOf(data, (byte) ':', value, pipe);
            if (type == MetricType.GAUGE && valueEnd > value && (data[value] == '+' || data[value] == '-')) {
                change = true;
            }
            double parsed = Numbers.parse(data, value, valueEnd);
            if (!Double.isFinite(parsed)) {
                out.refused(Double.isNaN(parsed) && !namesNonFinite(data, value, valueEnd) ? LineFault.BAD_VALUE
                        : LineFault.NOT_FINITE, data, from, to, null);
                return;
            }
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = type == MetricType.COUNTER ? parsed / rate : parsed;
            value = valueEnd + 1;
        }

        Series series = series(data, from, colon, tagsFrom, tagsTo);
        if (series == null) {
            out.refused(seriesFault, data, from, to, seriesDetail);
            return;
        }
        for (int i = 0; i < count; i++) {
            double value = values[i];
            if (type == MetricType.GAUGE) {
                if (change) {
                    value = gauges.change(series, value);
                } else {
                    gauges.set(series, value);
                }
            }
            out.metric(series, type, value, timestampMillis);
        }
    }

    /** The series, from the cache when these bytes were seen; null with {@link #seriesFault} set when it is refused. */
    private Series series(byte[] data, int nameFrom, int nameTo, int tagsFrom, int tagsTo) {
        int hash = SeriesCache.hash(data, nameFrom, nameTo, tagsFrom, tagsTo);
        Series known = seriesCache.find(hash, data, nameFrom, nameTo, tagsFrom, tagsTo);
        if (known != null) {
            return known;
        }
        String name = name(data, nameFrom, nameTo);
        if (name.isEmpty()) {
            return refuse(LineFault.EMPTY_NAME, null);
        }
        Map<String, String> tags = Map.of();
        if (tagsFrom < tagsTo) {
            tags = new TreeMap<>();
            for (int tag = tagsFrom; tag <= tagsTo; ) {
                int tagEnd = indexOf(data, (byte) ',', tag, tagsTo);
                if (tagEnd > tag) {
                    if (tags.size() == Series.MAX_TAGS) {
                        return refuse(LineFault.TOO_MANY_TAGS, "at most " + Series.MAX_TAGS + " tags");
                    }
                    int colon = indexOf(data, (byte) ':', tag, tagEnd);
                    String tagName = name(data, tag, colon);
                    String value = colon == tagEnd ? TAG_WITHOUT_VALUE
                            : new String(data, colon + 1, tagEnd - colon - 1, StandardCharsets.UTF_8);
                    if (tags.put(tagName, value) != null) {
                        return refuse(LineFault.DUPLICATE_TAG, "the tag '" + tagName + "'");
                    }
                }
                tag = tagEnd + 1;
            }
        }
        Series created;
        try {
            created = new Series(name, tags);
        } catch (InvalidPointException e) {
            return refuse(LineFault.INVALID_SERIES, e.getMessage());
        }
        seriesCache.put(hash, data, nameFrom, nameTo, tagsFrom, tagsTo, created);
        return created;
    }

    private Series refuse(LineFault fault, String detail) {
        seriesFault = fault;
        seriesDetail = detail;
        return null;
    }

    private static String name(byte[] data, int from, int to) {
        return NameRule.isClean(data, from, to) ? new String(data, from, to - from, StandardCharsets.US_ASCII)
                : NameRule.map(data, from, to);
    }

    /** Whether the text is NaN or an infinity as a client's formatter writes it ({@code NaN}, {@code -Infinity}, {@code inf}). */
    private static boolean namesNonFinite(byte[] data, int from, int to) {
        int i = from < to && (data[from] == '-' || data[from] == '+') ? from + 1 : from;
        return i < to && (data[i] == 'N' || data[i] == 'n' || data[i] == 'I' || data[i] == 'i');
    }

    /** A DogStatsD field of the form {@code letters:...} ({@code c:} the container id, {@code e:}, {@code card:}). */
    private static boolean isExtensionField(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = data[i];
            if (b == ':') {
                return i > from;
            }
            if (b < 'a' || b > 'z') {
                return false;
            }
        }
        return false;
    }

    private boolean isUtf8(byte[] data, int from, int to) {
        try {
            utf8.reset().decode(ByteBuffer.wrap(data, from, to - from));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean isAscii(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] data, int from, int to, String prefix) {
        if (to - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (data[from + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The index of {@code b} in {@code data[from, to)}, or {@code to}. */
    private static int indexOf(byte[] data, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return to;
    }
}
