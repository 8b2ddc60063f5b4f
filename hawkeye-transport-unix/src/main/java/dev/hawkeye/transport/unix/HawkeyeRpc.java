package dev.hawkeye.transport.unix;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The methods the {@code unix} transport serves, as jsonrpc4j invokes them. Each method takes the
 * request's params object as it came (after an array holding one object has been unwrapped) and
 * reads it itself, so that a wrong field is reported by name.
 *
 * <p>Public only because jsonrpc4j invokes it reflectively; the wire protocol is the contract
 * (see the module's README). Implementations are thread-safe: workers call them concurrently.
 */
public interface HawkeyeRpc {

    /**
     * Records one point {@code {"key", "value"?, "type"?, "tags"?, "timestamp"?}}.
     *
     * @throws InvalidParamsException naming the field when the point is refused
     */
    RecordResult record(JsonNode params);

    /**
     * Records {@code {"series"?: [...], "points": [...]}}: every valid point is kept, each refused
     * one is listed. Series ids defined in {@code series} name the points' series (see the README).
     *
     * @throws InvalidParamsException when {@code points} is missing or not a list, or {@code series} not a list
     */
    RecordResult recordBatch(JsonNode params);

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
    QueryAnswer query(JsonNode params);

    /**
     * Lists the series of {@code {"key"?, "tags"?, "window"?}} that have a point in the window
     * (default an hour) that ends now, sorted by key and then tags.
     *
     * @throws InvalidParamsException naming the field that cannot be used
     * @throws UnsupportedQueryException when the store cannot find series by matchers
     * @throws dev.hawkeye.api.store.StoreException when the store cannot answer
     */
    SeriesResult series(JsonNode params);

    /** The monitors' states, the counters of what was dropped, and whether the store answers. */
    StatusResult status();

    /** Answers {@code "pong"}. */
    String ping();

    /** How many points were kept, and which were refused and why. */
    record RecordResult(int accepted, List<Rejection> rejected) {
        public RecordResult {
            rejected = List.copyOf(rejected);
        }
    }

    /** A refused point of a {@code recordBatch}: its index in {@code points}, the reason, the field. */
    record Rejection(int index, String error, String field) {
    }

    /** The answer to {@code query}: {@link QueryResult} without {@code by}, {@link GroupedQueryResult} with it. */
    sealed interface QueryAnswer permits QueryResult, GroupedQueryResult {
    }

    /**
     * An aggregate over a window; {@code value} is null when the window holds no data; {@code series}
     * is how many series were merged.
     */
    record QueryResult(Double value, String aggregate, String from, String to, int series) implements QueryAnswer {
    }

    /**
     * An aggregate per group, sorted by the groups' tag values (in the order of {@code by});
     * {@code groupsLeftOut} groups had data but were left out for the limit of groups.
     */
    record GroupedQueryResult(List<Group> groups, String aggregate, String from, String to, int groupsLeftOut)
            implements QueryAnswer {
        public GroupedQueryResult {
            groups = List.copyOf(groups);
        }
    }

    /** One group: the values of the {@code by} tags (in the order of {@code by}) and its value, null without one. */
    record Group(Map<String, String> tags, Double value) {
        public Group {
            tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        }
    }

    /** The answer to {@code series}; {@code truncated} when the listing reached its limit. */
    record SeriesResult(List<SeriesView> series, boolean truncated) {
        public SeriesResult {
            series = List.copyOf(series);
        }
    }

    /** One series on the wire: its type, and its last point's time (ISO-8601) and value (null when not finite). */
    record SeriesView(String key, Map<String, String> tags, String type, String lastPointAt, Double lastValue) {
    }

    /** The answer to {@code status}. */
    record StatusResult(List<MonitorView> monitors, Map<String, Long> counters, StoreView store) {
        public StatusResult {
            monitors = List.copyOf(monitors);
            counters = Collections.unmodifiableMap(new TreeMap<>(counters));
        }
    }

    /**
     * The store's health on the wire: {@code since} (ISO-8601) and {@code reason} are null while
     * it is available.
     */
    record StoreView(boolean available, String since, String reason) {
    }

    /** One monitor on the wire: instants as ISO-8601, a value without data as null. */
    record MonitorView(String name, String state, String level, Double value, String condition,
                       String since, String lastNotified) {
    }
}
