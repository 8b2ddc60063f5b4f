package dev.hawkeye.transport.unix;

import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.transport.MetricSink;
import java.util.ArrayList;
import java.util.List;

/**
 * A single-threaded sink for the fuzz tests: keeps every point, refusing those whose key starts
 * with {@code refused.} and failing on those whose key starts with {@code failing.}, as
 * {@link RecordingSink} does, but never holding a thread or throwing an {@link Error}, which would
 * stop a fuzzer rather than tell it anything.
 */
final class CollectingSink implements MetricSink {
    private final List<Point> points = new ArrayList<>();

    @Override
    public void record(Point point) {
        String key = point.series().key();
        if (key.startsWith("refused.")) {
            throw new InvalidPointException("type", "series " + point.series() + " is already a gauge");
        }
        if (key.startsWith("failing.")) {
            throw new IllegalStateException("the sink failed on " + point.series() + " (test)");
        }
        points.add(point);
    }

    List<Point> points() {
        return List.copyOf(points);
    }

    void clear() {
        points.clear();
    }
}
