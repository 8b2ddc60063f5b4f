package dev.hawkeye.transport.unix;

/**
 * What the transport counts. The names are the keys {@code status} reports next to core's
 * counters; each one that counts a drop says what was lost.
 */
enum TransportCounter {
    CONNECTIONS_ACCEPTED("transport.connections.accepted"),
    /** New connections closed at once because {@code max_connections} were open. */
    CONNECTIONS_REFUSED("transport.connections.refused"),
    /** New connections closed at once because the peer's uid/gid is not in the allow-list. */
    CONNECTIONS_UNAUTHORIZED("transport.connections.unauthorized"),
    /** Connections closed because the client did not read its responses. */
    CONNECTIONS_SLOW("transport.connections.slow"),
    /** Connections closed because a message took longer than {@code read_timeout} to arrive whole. */
    CONNECTIONS_TIMED_OUT("transport.connections.timed_out"),
    /** Connections closed because the partial messages of all connections went beyond {@code max_pending_bytes}. */
    CONNECTIONS_OVER_PENDING("transport.connections.over_pending"),
    /**
     * Calls of a batch not run, each answered with an error: those past {@code max_batch_calls}, and
     * those left once the batch's answers had reached their limit.
     */
    CALLS_SKIPPED("transport.calls.skipped"),
    /** Calls refused, not run, because an object in them held a field twice (answered with -32600). */
    CALLS_DUPLICATE_FIELDS("transport.calls.duplicate_fields"),
    /** Messages over {@code max_message_bytes}: answered with an error, then the connection closed. */
    MESSAGES_OVERSIZE("transport.messages.oversize"),
    /** Messages that were not JSON: answered with -32700. */
    MESSAGES_MALFORMED("transport.messages.malformed"),
    /** Half-written messages dropped because the client disconnected. */
    MESSAGES_INCOMPLETE("transport.messages.incomplete"),
    /** Points refused before they reached core (bad key, tags, type, value or timestamp). */
    POINTS_INVALID("transport.points.invalid"),
    /**
     * Series definitions of {@code recordBatch} refused (a bad id, key or tags, an id past the
     * limit, or one that names another series already); the points that use their ids are refused.
     */
    SERIES_REFUSED("transport.series.refused"),
    /** Requests that failed inside the server (answered with -32603). */
    REQUESTS_FAILED("transport.requests.failed"),
    /** Messages received but not executed because the transport was closed. */
    REQUESTS_DROPPED("transport.requests.dropped");

    private final String key;

    TransportCounter(String key) {
        this.key = key;
    }

    /** The dotted name reported by {@code status}. */
    String key() {
        return key;
    }
}
