package dev.hawkeye.transport.unix;

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
 * value 1, type {@code counter} and timestamp now (from the clock) when absent or null. Thread-safe.
 */
final class PointReader {
    static final List<String> FIELDS = List.of("key", "value", "type", "tags", "timestamp");

    private final Clock clock;

    PointReader(Clock clock) {
        this.clock = clock;
    }

    /**
     * @throws InvalidPointException naming the field ({@code key}, {@code value}, {@code tags.host},
     *                               ...) when the point is refused
     */
    Point read(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidPointException("params", "a point must be an object {\"key\", \"value\"?, \"type\"?, \"tags\"?, \"timestamp\"?}; got "
                    + JsonTypes.describe(node));
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidPointException(JsonTypes.shorten(name), "unknown field '" + JsonTypes.shorten(name) + "'" + JsonTypes.spellingHint(name, FIELDS)
                        + "; a point has key, value, type, tags, timestamp");
            }
        }
        Series series = new Series(key(node.get("key")), tags(node.get("tags")));
        return new Point(series, type(node.get("type")), value(node.get("value")), timestamp(node.get("timestamp")));
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
