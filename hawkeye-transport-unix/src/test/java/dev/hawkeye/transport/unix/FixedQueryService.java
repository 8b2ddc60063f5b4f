package dev.hawkeye.transport.unix;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.transport.QueryService;
import dev.hawkeye.api.transport.StatusReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;

/** Answers every query with one value and every status with one report, remembering the queries. */
final class FixedQueryService implements QueryService {
    record Query(Series series, Aggregate aggregate, Duration window) {
    }

    private final List<Query> queries = new CopyOnWriteArrayList<>();
    private volatile OptionalDouble value = OptionalDouble.empty();
    private volatile StatusReport status = new StatusReport(List.of(), Map.of());

    @Override
    public OptionalDouble query(Series series, Aggregate aggregate, Duration window) {
        queries.add(new Query(series, aggregate, window));
        return value;
    }

    @Override
    public StatusReport status() {
        return status;
    }

    void answer(OptionalDouble value) {
        this.value = value;
    }

    void answer(StatusReport status) {
        this.status = status;
    }

    List<Query> queries() {
        return List.copyOf(queries);
    }
}
