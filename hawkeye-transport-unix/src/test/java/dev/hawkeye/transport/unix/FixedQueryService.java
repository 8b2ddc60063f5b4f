package dev.hawkeye.transport.unix;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.GroupedValues;
import dev.hawkeye.api.metric.SeriesInfo;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.transport.QueryService;
import dev.hawkeye.api.transport.StatusReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Answers every query with one set of groups, every listing with one list of series and every
 * status with one report (or fails them as told), remembering the queries and listings asked.
 */
final class FixedQueryService implements QueryService {
    record Query(SeriesSelector selector, List<String> by, Aggregate aggregate, Duration window) {
    }

    record Listing(SeriesSelector selector, Duration window) {
    }

    private final List<Query> queries = new CopyOnWriteArrayList<>();
    private final List<Listing> listings = new CopyOnWriteArrayList<>();
    private volatile GroupedValues values = GroupedValues.NONE;
    private volatile List<SeriesInfo> series = List.of();
    private volatile RuntimeException failure;
    private volatile StatusReport status = new StatusReport(List.of(), Map.of());

    @Override
    public GroupedValues query(SeriesSelector selector, List<String> by, Aggregate aggregate, Duration window) {
        queries.add(new Query(selector, List.copyOf(by), aggregate, window));
        if (failure != null) {
            throw failure;
        }
        return values;
    }

    @Override
    public dev.hawkeye.api.metric.GroupedRange queryRange(SeriesSelector selector, List<String> by, Aggregate aggregate,
                                                          java.time.Instant from, java.time.Instant to, Duration step, Duration window) {
        throw new UnsupportedOperationException("the unix transport reads no ranges");
    }

    @Override
    public List<SeriesInfo> series(SeriesSelector selector, Duration window, int limit) {
        listings.add(new Listing(selector, window));
        if (failure != null) {
            throw failure;
        }
        return series;
    }

    @Override
    public List<dev.hawkeye.api.store.HistoryEvent> history(String monitor) {
        return List.of();
    }

    @Override
    public List<dev.hawkeye.api.transport.MonitorDefinition> monitors() {
        return List.of();
    }

    @Override
    public StatusReport status() {
        return status;
    }

    /** Answers every query with {@code value} for the one group {@code {}}, of one series. */
    void answer(OptionalDouble value) {
        answer(new GroupedValues(Map.of(Map.of(), value), 1, 0));
    }

    void answer(GroupedValues values) {
        this.values = values;
    }

    void answer(List<SeriesInfo> series) {
        this.series = List.copyOf(series);
    }

    void answer(StatusReport status) {
        this.status = status;
    }

    /** Fails every query and listing with {@code failure}. */
    void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    List<Query> queries() {
        return List.copyOf(queries);
    }

    List<Listing> listings() {
        return List.copyOf(listings);
    }
}
