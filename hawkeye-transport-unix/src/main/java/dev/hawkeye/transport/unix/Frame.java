package dev.hawkeye.transport.unix;

import com.fasterxml.jackson.databind.util.TokenBuffer;

/** One unit cut from a connection's byte stream by {@link MessageFramer}, in arrival order. */
sealed interface Frame {

    /** A complete JSON text, already tokenized. */
    record Message(TokenBuffer tokens) implements Frame {
    }

    /** Bytes that are not JSON; the framer skipped them up to the next newline. */
    record Malformed(String reason) implements Frame {
    }

    /** A message that grew past the limit; nothing after it on this connection is read. */
    record Oversize(long limit) implements Frame {
    }
}
