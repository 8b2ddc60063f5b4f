package dev.hawkeye.api.transport;

import java.io.IOException;
import java.util.Map;

/**
 * Receives points from applications (a socket, a port, a queue) and hands them to core.
 * Created by a {@link TransportFactory}; started once, closed once.
 */
public interface Transport extends AutoCloseable {

    /**
     * Starts accepting in the background and returns once the transport is ready (a client that
     * connects after this returns is served).
     *
     * @param sink  where points go; null in a daemon that runs the agent alone, which starts only
     *              the {@code http} transport (it answers queries and status there, not points)
     * @throws IOException when it cannot start (address in use, another hawkeye running); the
     *                     message says which address and why
     */
    void start(MetricSink sink, QueryService query) throws IOException;

    /** Where it listens, for logs: {@code unix:/tmp/hawkeye.sock}. */
    String describe();

    /**
     * What the transport counted, by name (dotted lower case, starting with the transport's type or
     * {@code transport.}), for {@code hawkeye status} beside core's counters: above all what it
     * refused or lost before core saw it. Counts only grow. The default: none.
     */
    default Map<String, Long> counters() {
        return Map.of();
    }

    /**
     * Stops accepting, answers or drops what is in flight, and releases the address (for a Unix
     * socket: removes the socket file). Idempotent.
     */
    @Override
    void close();
}
