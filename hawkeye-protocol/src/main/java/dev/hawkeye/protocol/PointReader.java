package dev.hawkeye.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the wire form of a point, {@code {"key", "value"?, "type"?, "tags"?, "timestamp"?}}:
 * value 1, type {@code counter} and timestamp now (from the clock) when absent or null; in a
 * {@code recordBatch}, {@code "series": id} in place of key and tags, and the definitions
 * {@code {"id", "key", "tags"?}} of such ids. Thread-safe.
 */
public final class PointReader {
    public static final List<String> FIELDS = List.of("key", "value", "type", "tags", "timestamp");
    public static final List<String> BATCH_FIELDS = List.of("key", "series", "value", "type", "tags", "timestamp");
    public static final List<String> DEFINITION_FIELDS = List.of("id", "key", "tags");

    /** A series id given its series, as {@code "series"} of a {@code recordBatch} lists it. */
    public record Definition(long id, Series series) {
    }

    private final Clock clock;

    public PointReader(Clock clock) {
        this.clock = clock;
    }

    /**
     * @throws InvalidPointException naming the field ({@code key}, {@code value}, {@code tags.host},
     *                               ...) when the point is refused
     */
    public Point read(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidPointException("params", "a point must be an object {\"key\", \"value\"?, \"type\"?, \"tags\"?, \"timestamp\"?}; got "
                    + JsonTypes.describe(node));
        }
        rejectUnknownFields(node, FIELDS, "a point has key, value, type, tags, timestamp");
        return point(node, new Series(key(node.get("key")), tags(node.get("tags"))));
    }

    /**
     * Reads a point of a {@code recordBatch}, whose series may be an id of {@code ids}.
     *
     * @param refused why the definitions of this call that were refused were, by id: named for their points
     * @throws InvalidPointException naming the field when the point is refused
     */
    public Point read(JsonNode node, SeriesTable ids, Map<Long, String> refused) {
        if (node == null || !node.isObject()) {
            throw new InvalidPointException("params", "a point must be an object {\"key\", \"value\"?, \"type\"?, \"tags\"?, \"timestamp\"?}"
                    + " or {\"series\", \"value\"?, \"type\"?, \"timestamp\"?}; got " + JsonTypes.describe(node));
        }
        rejectUnknownFields(node, BATCH_FIELDS, "a point has key, value, type, tags, timestamp, or series in place of key and tags");
        JsonNode id = node.get("series");
        if (JsonTypes.isAbsent(id)) {
            return read(node);
        }
        if (!JsonTypes.isAbsent(node.get("key")) || !JsonTypes.isAbsent(node.get("tags"))) {
            throw new InvalidPointException("series", "a point names its series by key and tags or by series, not both");
        }
        long wanted = id(id, "series");
        String why = refused.get(wanted);
        if (why != null) {
            // Not the series the id named before, if it did: the client meant the one it failed to define.
            throw new InvalidPointException("series", "series id " + wanted + " was not defined by this recordBatch: " + why);
        }
        Series series = ids.get((int) wanted);
        if (series == null) {
            throw new InvalidPointException("series", "series id " + wanted + " is not defined on this connection; define it in the"
                    + " \"series\" of this recordBatch or of an earlier one");
        }
        return point(node, series);
    }

    /**
     * Reads a definition {@code {"id", "key", "tags"?}}.
     *
     * @throws InvalidPointException naming the field when the definition is refused
     */
    public Definition definition(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidPointException("series", "a series definition must be an object {\"id\", \"key\", \"tags\"?}; got "
                    + JsonTypes.describe(node));
        }
        rejectUnknownFields(node, DEFINITION_FIELDS, "a series definition has id, key, tags");
        long id = id(node.get("id"), "id");
        return new Definition(id, new Series(key(node.get("key")), tags(node.get("tags"))));
    }

    private Point point(JsonNode node, Series series) {
        return new Point(series, type(node.get("type")), value(node.get("value")), timestamp(node.get("timestamp")));
    }

    private static void rejectUnknownFields(JsonNode node, List<String> fields, String shape) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw new InvalidPointException(JsonTypes.shorten(name), "unknown field '" + JsonTypes.shorten(name) + "'" + JsonTypes.spellingHint(name, fields)
                        + "; " + shape);
            }
        }
    }

    private static long id(JsonNode id, String field) {
        if (JsonTypes.isAbsent(id)) {
            throw new InvalidPointException(field, field + " is required");
        }
        if (!id.isIntegralNumber() || !id.canConvertToLong()) {
            throw new InvalidPointException(field, field + " must be a series id, a whole number from 0 to " + (SeriesTable.MAX_IDS - 1)
                    + "; got " + JsonTypes.describe(id));
        }
        SeriesTable.checkId(id.longValue());
        return id.longValue();
    }

    private static String key(JsonNode key) {
        if (JsonTypes.isAbsent(key)) {
            throw new InvalidPointException("key", "key is required");
        }
        if (!key.isTextual()) {
            throw new InvalidPointException("key", "key must be a string; got " + JsonTypes.describe(key));
        }
        return key.textValue();
    }

    private static double value(JsonNode value) {
        if (JsonTypes.isAbsent(value)) {
            return 1;
        }
        if (!value.isNumber()) {
            throw new InvalidPointException("value", "value must be a number; got " + JsonTypes.describe(value));
        }
        return value.doubleValue();
    }

    private static MetricType type(JsonNode type) {
        if (JsonTypes.isAbsent(type)) {
            return MetricType.COUNTER;
        }
        if (!type.isTextual()) {
            throw new InvalidPointException("type", "type must be one of counter, gauge, histogram; got " + JsonTypes.describe(type));
        }
        return MetricType.fromWireName(type.textValue());
    }

    private static Map<String, String> tags(JsonNode tags) {
        if (JsonTypes.isAbsent(tags)) {
            return Map.of();
        }
        if (!tags.isObject()) {
            throw new InvalidPointException("tags", "tags must be an object of names to string values; got " + JsonTypes.describe(tags));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> tag : tags.properties()) {
            if (!tag.getValue().isTextual()) {
                throw new InvalidPointException("tags." + tag.getKey(), "tag '" + tag.getKey() + "' must have a string value; got "
                        + JsonTypes.describe(tag.getValue()));
            }
            out.put(tag.getKey(), tag.getValue().textValue());
        }
        return out;
    }

    private long timestamp(JsonNode timestamp) {
        if (JsonTypes.isAbsent(timestamp)) {
            return clock.millis();
        }
        if (!timestamp.isNumber() || !timestamp.canConvertToExactIntegral() || !timestamp.canConvertToLong()) {
            throw new InvalidPointException("timestamp", "timestamp must be whole milliseconds since the epoch; got "
                    + JsonTypes.describe(timestamp));
        }
        return timestamp.longValue();
    }
}
