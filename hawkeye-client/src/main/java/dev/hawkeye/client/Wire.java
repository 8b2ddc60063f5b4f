package dev.hawkeye.client;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.transport.StoreHealth;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** The protocol's JSON shapes: how a point is written, how the tools' answers are read. */
final class Wire {
    /**
     * An upper bound of the bytes a point's fixed part takes: braces, field names, quotes, a double
     * and a timestamp.
     */
    private static final int POINT_OVERHEAD_BYTES = 128;

    private Wire() {
    }

    /** Writes {@code {"key","value","type","tags"?,"timestamp"}}. */
    static void writePoint(JsonGenerator generator, Series series, MetricType type, double value, long timestampMillis)
            throws IOException {
        generator.writeStartObject();
        generator.writeStringField("key", series.key());
        generator.writeNumberField("value", value);
        generator.writeStringField("type", type.wireName());
        writeTags(generator, series.tags());
        generator.writeNumberField("timestamp", timestampMillis);
        generator.writeEndObject();
    }

    /** Writes a {@code "tags"} field unless there are none. */
    static void writeTags(JsonGenerator generator, Map<String, String> tags) throws IOException {
        if (tags.isEmpty()) {
            return;
        }
        generator.writeObjectFieldStart("tags");
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            generator.writeStringField(tag.getKey(), tag.getValue());
        }
        generator.writeEndObject();
    }

    /**
     * An upper bound of the bytes {@link #writePoint} writes for a point of this series: a UTF-16
     * char takes at most 3 bytes in UTF-8, and an escaped quote or backslash 2 (a valid series has
     * no control characters, which would need more).
     */
    static int maxEncodedSize(Series series) {
        int size = POINT_OVERHEAD_BYTES + 3 * series.key().length();
        for (Map.Entry<String, String> tag : series.tags().entrySet()) {
            size += 6 + 3 * (tag.getKey().length() + tag.getValue().length());
        }
        return size;
    }

    /** A window as the server reads it: {@code 250ms}, {@code 90s}, {@code 5m}, {@code 1h}. */
    static String window(Duration window) {
        if (window.isNegative() || window.isZero() || window.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("window must be positive and in whole milliseconds; got " + window);
        }
        if (window.getNano() != 0) {
            return window.toMillis() + "ms";
        }
        long seconds = window.getSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    /** The {@code value} of a {@code query} result; empty when it is {@code null}. */
    static OptionalDouble queryValue(JsonNode result) throws IOException {
        JsonNode value = result.get("value");
        if (value == null) {
            throw new IOException("the answer to query has no value: " + result);
        }
        return number(value, "value");
    }

    /** A {@code status} result. */
    static ClientStatus status(JsonNode result) throws IOException {
        List<MonitorState> monitors = new ArrayList<>();
        for (JsonNode monitor : result.path("monitors")) {
            monitors.add(new MonitorState(
                    text(monitor, "name"),
                    text(monitor, "state"),
                    text(monitor, "level"),
                    number(monitor.path("value"), "value"),
                    text(monitor, "condition"),
                    instant(monitor.path("since"), "since"),
                    instant(monitor.path("lastNotified"), "lastNotified")));
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> counter : result.path("counters").properties()) {
            if (!counter.getValue().canConvertToLong()) {
                throw new IOException("counter '" + counter.getKey() + "' in the answer to status is not a whole number: "
                        + counter.getValue());
            }
            counters.put(counter.getKey(), counter.getValue().asLong());
        }
        return new ClientStatus(monitors, counters, storeHealth(result.path("store")));
    }

    /** The {@code store} of a {@code status} result; available when absent (a server from before it was added). */
    private static StoreHealth storeHealth(JsonNode store) throws IOException {
        if (store.isMissingNode() || store.isNull() || store.path("available").asBoolean(true)) {
            return StoreHealth.AVAILABLE;
        }
        Instant since = instant(store.path("since"), "store.since");
        if (since == null) {
            throw new IOException("the answer to status says the store is unavailable but not since when: " + store);
        }
        String reason = text(store, "reason");
        return StoreHealth.unavailable(since, reason == null ? "no reason given" : reason);
    }

    private static String text(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static OptionalDouble number(JsonNode value, String field) throws IOException {
        if (value.isMissingNode() || value.isNull()) {
            return OptionalDouble.empty();
        }
        if (!value.isNumber()) {
            throw new IOException("'" + field + "' in the server's answer is not a number: " + value);
        }
        return OptionalDouble.of(value.asDouble());
    }

    /** Epoch milliseconds, or an ISO-8601 instant, or null. */
    private static Instant instant(JsonNode value, String field) throws IOException {
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (value.canConvertToLong()) {
            return Instant.ofEpochMilli(value.asLong());
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new IOException("'" + field + "' in the server's answer is neither epoch milliseconds nor an ISO-8601 instant: "
                    + value, e);
        }
    }
}
