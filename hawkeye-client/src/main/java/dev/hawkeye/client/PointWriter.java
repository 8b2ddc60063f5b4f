package dev.hawkeye.client;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Writes points in the protocol's shortest form: {@code "value"} is left out when it is 1 and
 * {@code "type"} when it is {@code counter} (the server's defaults), and a whole value is written
 * as an integer ({@code 3}, not {@code 3.0}). An {@code increment()} so takes about two thirds of the
 * bytes and half the tokens of the full form {@link Wire#writePoint} writes, on both sides of the
 * socket. Each series' key and tags are escaped and encoded once: {@link SeriesCache} hands out
 * the same {@link Series} instance for the same series, so they are remembered by identity.
 * Bounded: past {@value #MAX_REMEMBERED} series it starts afresh. Not thread-safe: the sender's.
 */
final class PointWriter {
    static final int MAX_REMEMBERED = 10_000;
    private static final SerializedString KEY = new SerializedString("key");
    private static final SerializedString VALUE = new SerializedString("value");
    private static final SerializedString TYPE = new SerializedString("type");
    private static final SerializedString TAGS = new SerializedString("tags");
    private static final SerializedString TIMESTAMP = new SerializedString("timestamp");
    private static final long MAX_EXACT_INTEGER = 1L << 53;
    private static final long NEGATIVE_ZERO_BITS = Double.doubleToRawLongBits(-0.0);
    private static final SerializedString[] TYPES = new SerializedString[MetricType.values().length];

    static {
        for (MetricType type : MetricType.values()) {
            TYPES[type.ordinal()] = new SerializedString(type.wireName());
        }
    }

    private final Map<Series, Encoded> encoded = new IdentityHashMap<>();

    /** Writes {@code {"key","value"?,"type"?,"tags"?,"timestamp"}}. */
    void write(JsonGenerator generator, Series series, MetricType type, double value, long timestampMillis) throws IOException {
        Encoded strings = encoded(series);
        generator.writeStartObject();
        generator.writeFieldName(KEY);
        generator.writeString(strings.key);
        if (value != 1) {
            generator.writeFieldName(VALUE);
            writeValue(generator, value);
        }
        if (type != MetricType.COUNTER) {
            generator.writeFieldName(TYPE);
            generator.writeString(TYPES[type.ordinal()]);
        }
        if (strings.tags.length > 0) {
            generator.writeFieldName(TAGS);
            generator.writeStartObject();
            for (int i = 0; i < strings.tags.length; i += 2) {
                generator.writeFieldName(strings.tags[i]);
                generator.writeString(strings.tags[i + 1]);
            }
            generator.writeEndObject();
        }
        generator.writeFieldName(TIMESTAMP);
        generator.writeNumber(timestampMillis);
        generator.writeEndObject();
    }

    /**
     * A whole value within a double's exact integers as an integer (formatting a double costs the
     * sender more than the rest of the point), anything else, and -0, as a double.
     */
    private static void writeValue(JsonGenerator generator, double value) throws IOException {
        long whole = (long) value;
        if (whole == value && Math.abs(whole) <= MAX_EXACT_INTEGER && Double.doubleToRawLongBits(value) != NEGATIVE_ZERO_BITS) {
            generator.writeNumber(whole);
        } else {
            generator.writeNumber(value);
        }
    }

    private Encoded encoded(Series series) {
        Encoded strings = encoded.get(series);
        if (strings == null) {
            if (encoded.size() >= MAX_REMEMBERED) {
                encoded.clear();
            }
            strings = new Encoded(series);
            encoded.put(series, strings);
        }
        return strings;
    }

    /** A series' key and tag names and values (name, value, name, value, ...), escaped and encoded. */
    private static final class Encoded {
        final SerializedString key;
        final SerializedString[] tags;

        Encoded(Series series) {
            key = new SerializedString(series.key());
            tags = new SerializedString[series.tags().size() * 2];
            int i = 0;
            for (Map.Entry<String, String> tag : series.tags().entrySet()) {
                tags[i++] = new SerializedString(tag.getKey());
                tags[i++] = new SerializedString(tag.getValue());
            }
        }
    }
}
