package dev.hawkeye.api.transport;

import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.Point;
import java.util.List;

/**
 * Where a transport hands the points it receives. Thread-safe; {@link #record} and
 * {@link #recordAll} do not block on I/O (they add to in-memory aggregates), so a transport may call
 * them from its I/O threads.
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

    /**
     * Accepts points in order, as {@link #record} of each would, except that a refused point does
     * not stop the others: each refusal goes to {@code refusals} before this returns. A sink may do
     * once per call what it would otherwise do per point (read the clock, count), so a transport
     * that receives points in batches should hand each batch over in one call.
     *
     * @param points   read during the call only
     * @param refusals told of each point not recorded, with its index in {@code points} and the
     *                 exception {@link #record} would have thrown for it (an
     *                 {@link InvalidPointException} when the point was refused)
     */
    default void recordAll(List<Point> points, Refusals refusals) {
        for (int index = 0; index < points.size(); index++) {
            try {
                record(points.get(index));
            } catch (RuntimeException e) {
                refusals.refused(index, e);
            }
        }
    }

    /** Where {@link #recordAll} reports the points it did not record. */
    @FunctionalInterface
    interface Refusals {
        /**
         * @param index  the point's index in the list given to {@link #recordAll}
         * @param reason an {@link InvalidPointException} when the point was refused; anything else
         *               when recording it failed
         */
        void refused(int index, RuntimeException reason);
    }
}
