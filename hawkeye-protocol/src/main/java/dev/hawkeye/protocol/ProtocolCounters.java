package dev.hawkeye.protocol;

/**
 * Where {@link HawkeyeRpcHandler} counts what it refuses or fails, in the counters of the
 * transport that serves it. Implementations are thread-safe and log drops at a bounded rate.
 */
public interface ProtocolCounters {
    /** A point refused before it reached core (bad key, tags, type, value or timestamp). */
    void pointInvalid();

    /** A {@code recordBatch} series definition refused; {@code reason} says which and why. */
    void seriesRefused(String reason);

    /** Recording a point failed inside the server; {@code reason} says which and why. */
    void recordFailed(String reason);
}
