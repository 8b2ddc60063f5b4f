package dev.hawkeye.api.transport;

import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.Point;

/**
 * Where a transport hands the points it receives. Thread-safe; {@link #record} does not block on
 * I/O (it adds to in-memory aggregates), so a transport may call it from its I/O threads.
 */
public interface MetricSink {

    /**
     * Accepts one point.
     *
     * @throws InvalidPointException when the point is refused (e.g. its series already has another
     *                               type, or the live-series limit is reached); the message is
     *                               meant for the client
     */
    void record(Point point);
}
