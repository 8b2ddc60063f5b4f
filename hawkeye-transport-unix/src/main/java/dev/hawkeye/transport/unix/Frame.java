package dev.hawkeye.transport.unix;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hawkeye.api.metric.Point;

/** One unit cut from a connection's byte stream by {@link MessageFramer}, in arrival order. */
sealed interface Frame {

    /** A complete, well-formed JSON text, for the general path ({@link RpcDispatcher}). */
    record Message(byte[] json) implements Frame {
    }

    /**
     * A {@code record} or {@code recordBatch} request already read into points by
     * {@link RecordDecoder}, every point valid as far as the transport can tell.
     *
     * @param v2           answered in JSON-RPC 2.0 form (else 1.0)
     * @param id           the id to answer with
     * @param notification nothing is answered
     * @param batch        a {@code recordBatch} (else a {@code record} of one point)
     * @param points       the points, in the order sent
     */
    record Records(boolean v2, JsonNode id, boolean notification, boolean batch, Point[] points) implements Frame {
    }

    /** Bytes that are not JSON; the framer skipped them up to the next newline. */
    record Malformed(String reason) implements Frame {
    }

    /** A message that grew past the limit; nothing after it on this connection is read. */
    record Oversize(long limit) implements Frame {
    }
}
