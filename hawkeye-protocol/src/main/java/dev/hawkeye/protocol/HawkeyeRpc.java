package dev.hawkeye.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The methods of hawkeye's protocol, as the {@code unix} transport serves them over JSON-RPC
 * (jsonrpc4j invokes them) and the {@code http} transport under {@code /api/v1}. Each method takes the
 * request's params object as it came (after an array holding one object has been unwrapped) and
 * reads it itself, so that a wrong field is reported by name.
 *
 * <p>For hawkeye's own transports; the wire protocol is the contract (see the unix transport's
 * README). Implementations are thread-safe: workers call them concurrently.
 */
public interface HawkeyeRpc {

    /**
     * Records one point {@code {"key", "value"?, "type"?, "tags"?, "timestamp"?}}.
     *
     * @throws InvalidParamsException naming the field when the point is refused
     */
    public RecordResult record(JsonNode params);

    /**
     * Records {@code {"series"?: [...], "points": [...]}}: every valid point is kept, each refused
     * one is listed. Series ids defined in {@code series} name the points' series (see the README).
     *
     * @throws InvalidParamsException when {@code points} is missing or not a list, or {@code series} not a list
     */
    public RecordResult recordBatch(JsonNode params);

    /**
     * Reads {@code {"key", "tags"?, "aggregate", "window", "by"?}} over the window that ends now:
     * one aggregate over the merged series whose tags pass the matchers of {@code tags}, as a
     * {@link QueryResult} without {@code by}, per group of the {@code by} tags' values as a
     * {@link GroupedQueryResult} with it.
     *
     * @throws InvalidParamsException naming the field that cannot be used
     * @throws UnsupportedQueryException when the store cannot find series by matchers
     * @throws dev.hawkeye.api.store.StoreException when the store cannot answer
     */
    public QueryAnswer query(JsonNode params);

    /**
     * Reads {@code {"key", "tags"?, "aggregate", "from", "to", "step", "window"?, "by"?}}: the
     * aggregate of each group (one group {@code {}} without {@code by}) at each step of
     * {@code [from, to]}, the value at {@code t} being the aggregate over the {@code window}
     * (default: one step) that ends at {@code t}. {@code from} and
     * {@code to} are RFC 3339 text or unix seconds; {@code step} a duration, a multiple of the
     * resolution; at most {@link dev.hawkeye.api.transport.QueryService#MAX_STEPS} steps.
     *
     * @throws InvalidParamsException naming the field that cannot be used
     * @throws UnsupportedQueryException when the store cannot find series by matchers
     * @throws dev.hawkeye.api.store.StoreException when the store cannot answer
     */
    RangeResult queryRange(JsonNode params);

    /**
     * Lists the series of {@code {"key"?, "tags"?, "window"?}} that have a point in the window
     * (default an hour) that ends now, sorted by key and then tags.
     *
     * @throws InvalidParamsException naming the field that cannot be used
     * @throws UnsupportedQueryException when the store cannot find series by matchers
     * @throws dev.hawkeye.api.store.StoreException when the store cannot answer
     */
    public SeriesResult series(JsonNode params);

    /** The monitors' states, the counters of what was dropped, and whether the store answers. */
    public StatusResult status();

    /** Answers {@code "pong"}. */
    public String ping();

    /** How many points were kept, and which were refused and why. */
    public record RecordResult(int accepted, List<Rejection> rejected) {
        public RecordResult {
            rejected = List.copyOf(rejected);
        }
    }

    /** A refused point of a {@code recordBatch}: its index in {@code points}, the reason, the field. */
    public record Rejection(int index, String error, String field) {
    }

    /** The answer to {@code query}: {@link QueryResult} without {@code by}, {@link GroupedQueryResult} with it. */
    sealed interface QueryAnswer permits QueryResult, GroupedQueryResult {
    }

    /**
     * An aggregate over a window; {@code value} is null when the window holds no data; {@code series}
     * is how many series were merged.
     */
    public record QueryResult(Double value, String aggregate, String from, String to, int series) implements QueryAnswer {
    }

    /**
     * An aggregate per group, sorted by the groups' tag values (in the order of {@code by});
     * {@code groupsLeftOut} groups had data but were left out for the limit of groups.
     */
    public record GroupedQueryResult(List<Group> groups, String aggregate, String from, String to, int groupsLeftOut)
            implements QueryAnswer {
        public GroupedQueryResult {
            groups = List.copyOf(groups);
        }
    }

    /** One group: the values of the {@code by} tags (in the order of {@code by}) and its value, null without one. */
    public record Group(Map<String, String> tags, Double value) {
        public Group {
            tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        }
    }

    /**
     * The answer to {@code queryRange}: each group's steps, sorted as {@link GroupedQueryResult}'s
     * groups; {@code step} in seconds.
     */
    record RangeResult(List<RangeGroup> groups, String aggregate, String from, String to, long step, int groupsLeftOut) {
        public RangeResult {
            groups = List.copyOf(groups);
        }
    }

    /**
     * One group of a range: its tags and {@code [unix_seconds, value]} per step with a value (as
     * Prometheus's {@code query_range} writes them, but with the value as a number).
     */
    record RangeGroup(Map<String, String> tags, List<List<Number>> values) {
        public RangeGroup {
            tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
            values = List.copyOf(values);
        }
    }

    /** The answer to {@code series}; {@code truncated} when the listing reached its limit. */
    public record SeriesResult(List<SeriesView> series, boolean truncated) {
        public SeriesResult {
            series = List.copyOf(series);
        }
    }

    /** One series on the wire: its type, and its last point's time (ISO-8601) and value (null when not finite). */
    public record SeriesView(String key, Map<String, String> tags, String type, String lastPointAt, Double lastValue) {
    }

    /** The answer to {@code status}. */
    public record StatusResult(List<MonitorView> monitors, Map<String, Long> counters, StoreView store) {
        public StatusResult {
            monitors = List.copyOf(monitors);
            counters = Collections.unmodifiableMap(new TreeMap<>(counters));
        }
    }

    /**
     * The store's health on the wire: {@code since} (ISO-8601) and {@code reason} are null while
     * it is available.
     */
    public record StoreView(boolean available, String since, String reason) {
    }

    /** One monitor on the wire: instants as ISO-8601, a value without data as null. */
    public record MonitorView(String name, String state, String level, Double value, String condition,
                       String since, String lastNotified) {
    }
}
