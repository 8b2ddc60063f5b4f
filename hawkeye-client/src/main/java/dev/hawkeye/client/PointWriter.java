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
 * Bounded: past {@value #MAX_REMEMBERED} series it starts afresh.
 *
 * <p>A batch ({@link #writeBatch}) names each series by key and tags once per connection: the
 * first time, it gives the series the connection's next id in its {@code "series"} list, and
 * its points (then and later) carry {@code "series": id} instead. Ids run from 0 on each
 * connection ({@link #newConnection}); past the server's {@value #MAX_IDS} the points of further
 * series are written whole. Not thread-safe: the sender's.
 */
final class PointWriter {
    static final int MAX_REMEMBERED = 10_000;
    /** The ids a connection may define: the server's limit (hawkeye-transport-unix's {@code SeriesTable}). */
    static final int MAX_IDS = 100_000;
    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString SERIES = new SerializedString("series");
    private static final SerializedString POINTS = new SerializedString("points");
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
    /** The series of the batch being written, in its points' order. */
    private Encoded[] batch = new Encoded[0];
    /** Ids given before the last {@link #forgetIds} are void. */
    private int epoch;
    private int nextId;
    /** Whether the server takes series ids. */
    private boolean ids = true;

    /**
     * Writes the params of a {@code recordBatch}, {@code {"series"?: [...], "points": [...]}}, for
     * {@code count} points of {@code buffer} from {@code offset}. The series it defines count as
     * known to the server from then on.
     */
    void writeBatch(JsonGenerator generator, PointBuffer buffer, int offset, int count) throws IOException {
        if (batch.length < count) {
            batch = new Encoded[count];
        }
        generator.writeStartObject();
        boolean defining = false;
        for (int i = 0; i < count; i++) {
            Encoded strings = encoded(buffer.series(offset + i));
            batch[i] = strings;
            if (strings.epoch != epoch && ids && nextId < MAX_IDS) {
                if (!defining) {
                    generator.writeFieldName(SERIES);
                    generator.writeStartArray();
                    defining = true;
                }
                strings.id = nextId++;
                strings.epoch = epoch;
                writeDefinition(generator, strings);
            }
        }
        if (defining) {
            generator.writeEndArray();
        }
        generator.writeFieldName(POINTS);
        generator.writeStartArray();
        for (int i = 0; i < count; i++) {
            write(generator, batch[i], buffer.type(offset + i), buffer.value(offset + i), buffer.timestamp(offset + i));
            batch[i] = null;
        }
        generator.writeEndArray();
        generator.writeEndObject();
    }

    /** A new connection: it knows no ids, and they run from 0 again. */
    void newConnection() {
        forgetIds();
        nextId = 0;
    }

    /**
     * The server may not have taken the ids defined so far (it refused a whole batch): each series is
     * defined again, under a new id, in the next batch it is in.
     */
    void forgetIds() {
        epoch++;
    }

    /** Whether series are still named by id (the server has not refused ids). */
    boolean writesIds() {
        return ids;
    }

    /** The server does not know series ids (it refused a batch for its {@code "series"}): every series goes whole from now on. */
    void writeSeriesWhole() {
        ids = false;
        forgetIds();
    }

    /** Writes {@code {"key","value"?,"type"?,"tags"?,"timestamp"}}. */
    void write(JsonGenerator generator, Series series, MetricType type, double value, long timestampMillis) throws IOException {
        Encoded strings = encoded(series);
        generator.writeStartObject();
        writeSeries(generator, strings);
        writeFields(generator, type, value, timestampMillis);
    }

    /** Writes the point by its series' id when the series has one on this connection, else whole. */
    private void write(JsonGenerator generator, Encoded strings, MetricType type, double value, long timestampMillis) throws IOException {
        generator.writeStartObject();
        if (strings.epoch == epoch) {
            generator.writeFieldName(SERIES);
            generator.writeNumber(strings.id);
        } else {
            writeSeries(generator, strings);
        }
        writeFields(generator, type, value, timestampMillis);
    }

    private static void writeDefinition(JsonGenerator generator, Encoded strings) throws IOException {
        generator.writeStartObject();
        generator.writeFieldName(ID);
        generator.writeNumber(strings.id);
        writeSeries(generator, strings);
        generator.writeEndObject();
    }

    /** The key and the tags (if any). */
    private static void writeSeries(JsonGenerator generator, Encoded strings) throws IOException {
        generator.writeFieldName(KEY);
        generator.writeString(strings.key);
        if (strings.tags.length > 0) {
            generator.writeFieldName(TAGS);
            generator.writeStartObject();
            for (int i = 0; i < strings.tags.length; i += 2) {
                generator.writeFieldName(strings.tags[i]);
                generator.writeString(strings.tags[i + 1]);
            }
            generator.writeEndObject();
        }
    }

    /** The value and type where they are not the server's defaults, the timestamp, and the end of the point. */
    private static void writeFields(JsonGenerator generator, MetricType type, double value, long timestampMillis) throws IOException {
        if (value != 1) {
            generator.writeFieldName(VALUE);
            writeValue(generator, value);
        }
        if (type != MetricType.COUNTER) {
            generator.writeFieldName(TYPE);
            generator.writeString(TYPES[type.ordinal()]);
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

    /** A series' key and tag names and values (name, value, name, value, ...), escaped and encoded, and its id. */
    private static final class Encoded {
        final SerializedString key;
        final SerializedString[] tags;
        int id;
        /** The {@link #epoch} {@link #id} was given in; -1 when it has none. */
        int epoch = -1;

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
