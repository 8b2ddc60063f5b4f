package dev.hawkeye.client;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesInfo;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.metric.TagMatcher;
import dev.hawkeye.api.transport.StoreHealth;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;

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
     * Writes {@code "key"} (unless the selector is of every key) and a {@code "tags"} field of its
     * matchers unless there are none: each as a string ({@code "web-*"}, {@code "!canary"}) or, for
     * several values, a list. {@link #checkSelector} tells first whether the protocol can say it.
     */
    static void writeSelector(JsonGenerator generator, SeriesSelector selector) throws IOException {
        if (selector.key() != null) {
            generator.writeStringField("key", selector.key());
        }
        if (selector.matchers().isEmpty()) {
            return;
        }
        generator.writeObjectFieldStart("tags");
        for (TagMatcher matcher : selector.matchers()) {
            if (matcher.globs().size() == 1) {
                generator.writeStringField(matcher.tag(), (matcher.negated() ? "!" : "") + matcher.globs().get(0));
            } else {
                generator.writeArrayFieldStart(matcher.tag());
                for (String glob : matcher.globs()) {
                    generator.writeString(glob);
                }
                generator.writeEndArray();
            }
        }
        generator.writeEndObject();
    }

    /**
     * Whether the protocol can say what {@code selector} selects: one matcher a tag, other tags
     * allowed, a negation of one value, no value that reads as a negation.
     *
     * @throws IllegalArgumentException saying what cannot be sent
     */
    static void checkSelector(SeriesSelector selector) {
        if (!selector.otherTagsAllowed()) {
            throw new IllegalArgumentException("the server selects series with other tags allowed; "
                    + "write the selector with SeriesSelector.matching (got " + selector + ")");
        }
        Set<String> tags = new HashSet<>();
        for (TagMatcher matcher : selector.matchers()) {
            if (!tags.add(matcher.tag())) {
                throw new IllegalArgumentException("two matchers of tag '" + matcher.tag() + "' in " + selector
                        + ": a query takes one matcher a tag");
            }
            if (matcher.negated() && matcher.globs().size() > 1) {
                throw new IllegalArgumentException("matcher " + matcher + " negates several values: a query negates one value a tag");
            }
            for (String glob : matcher.globs()) {
                if (!matcher.negated() && glob.startsWith("!")) {
                    throw new IllegalArgumentException("matcher " + matcher + " has a value that begins with '!', which a query "
                            + "reads as a negation");
                }
            }
        }
    }

    /**
     * The group tags of a grouped query, checked as the server checks them.
     *
     * @throws InvalidPointException naming {@code by} for a bad tag name, a tag named twice, or a
     *                               tag the selector negates (which also selects series without it,
     *                               and those belong to no group)
     */
    static List<String> checkBy(List<String> by, SeriesSelector selector) {
        if (by.size() > Series.MAX_TAGS) {
            throw new InvalidPointException("by", "by may name at most " + Series.MAX_TAGS + " tags; got " + by.size());
        }
        List<String> tags = new ArrayList<>(by.size());
        for (String tag : by) {
            try {
                Series.of("k", Map.of(Objects.requireNonNull(tag, "a group tag"), "v"));
            } catch (InvalidPointException e) {
                throw new InvalidPointException("by", "by: " + e.getMessage());
            }
            if (tags.contains(tag)) {
                throw new InvalidPointException("by", "by names tag '" + tag + "' twice");
            }
            for (TagMatcher matcher : selector.matchers()) {
                if (matcher.tag().equals(tag) && matcher.negated()) {
                    throw new InvalidPointException("by", "cannot group by tag '" + tag + "': the selector negates it ("
                            + matcher + "), which also selects series without the tag, and those belong to no group");
                }
            }
            tags.add(tag);
        }
        return tags;
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

    /** The {@code groups} and {@code groupsLeftOut} of a grouped {@code query} result. */
    static QueryGroups queryGroups(JsonNode result) throws IOException {
        JsonNode groups = result.get("groups");
        if (groups == null || !groups.isArray()) {
            throw new IOException("the answer to a grouped query has no list of groups: " + result);
        }
        List<QueryGroups.Group> read = new ArrayList<>(groups.size());
        for (JsonNode group : groups) {
            read.add(new QueryGroups.Group(stringMap(group.path("tags"), "tags of a group"), number(group.path("value"), "value")));
        }
        return new QueryGroups(read, result.path("groupsLeftOut").asInt(0));
    }

    /** A {@code series} result. */
    static SeriesListing seriesListing(JsonNode result) throws IOException {
        JsonNode series = result.get("series");
        if (series == null || !series.isArray()) {
            throw new IOException("the answer to series has no list of series: " + result);
        }
        List<SeriesInfo> read = new ArrayList<>(series.size());
        for (JsonNode info : series) {
            Series named;
            MetricType type;
            try {
                named = Series.of(info.path("key").asText(), stringMap(info.path("tags"), "tags of a series"));
                type = MetricType.fromWireName(info.path("type").asText());
            } catch (IllegalArgumentException e) {
                throw new IOException("a series in the answer to series cannot be read (" + e.getMessage() + "): " + info, e);
            }
            Instant lastPointAt = instant(info.path("lastPointAt"), "lastPointAt");
            if (lastPointAt == null) {
                throw new IOException("a series in the answer to series has no lastPointAt: " + info);
            }
            read.add(new SeriesInfo(named, type, lastPointAt, number(info.path("lastValue"), "lastValue").orElse(Double.NaN)));
        }
        return new SeriesListing(read, result.path("truncated").asBoolean(false));
    }

    private static Map<String, String> stringMap(JsonNode object, String what) throws IOException {
        if (object.isMissingNode() || object.isNull()) {
            return Map.of();
        }
        if (!object.isObject()) {
            throw new IOException("the " + what + " in the server's answer is not an object: " + object);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            if (!entry.getValue().isTextual()) {
                throw new IOException("tag '" + entry.getKey() + "' of the " + what + " in the server's answer is not a string: "
                        + entry.getValue());
            }
            map.put(entry.getKey(), entry.getValue().textValue());
        }
        return map;
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
