package dev.hawkeye.transport.unix;

import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.transport.MetricSink;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A sink that keeps every point, refusing those whose key starts with {@code refused.} as core would. */
final class RecordingSink implements MetricSink {
    private final Queue<Point> points = new ConcurrentLinkedQueue<>();

    @Override
    public void record(Point point) {
        if (point.series().key().startsWith("refused.")) {
            throw new InvalidPointException("type", "series " + point.series() + " is already a gauge");
        }
        points.add(point);
    }

    List<Point> points() {
        return List.copyOf(points);
    }
}
