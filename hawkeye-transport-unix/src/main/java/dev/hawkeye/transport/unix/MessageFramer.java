package dev.hawkeye.transport.unix;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts one connection's byte stream into complete JSON texts, which may come back to back, with
 * or without whitespace between them, and split across reads anywhere. Not thread-safe: a
 * connection's framer is fed by the selector thread only.
 *
 * <p>Jackson's non-blocking parser does the tokenizing; tokens are copied into a
 * {@link TokenBuffer} so a worker can build the tree later without parsing the bytes twice.
 *
 * <p>Between messages no parser is held: a connection that sends nothing costs no parser buffers.
 *
 * <p>After bytes that are not JSON, the framer answers one {@link Frame.Malformed} and discards
 * input up to the next newline, where it starts afresh: a client that separates its messages by
 * newlines loses only the bad one.
 */
final class MessageFramer {
    private final JsonFactory factory;
    private final int maxMessageBytes;

    private JsonParser parser;
    private ByteArrayFeeder feeder;
    /** Bytes fed to {@link #parser} so far (its byte offsets count from its creation). */
    private long fed;
    /** The parser offset where the message being read began (after the previous one ended). */
    private long messageStart;
    private TokenBuffer tokens;
    private int depth;
    private boolean skippingToNewline;
    private boolean stopped;

    MessageFramer(JsonFactory factory, int maxMessageBytes) {
        this.factory = factory;
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Feeds bytes and returns the frames they complete, in order. After an {@link Frame.Oversize}
     * the framer stops and ignores further input.
     */
    List<Frame> feed(byte[] buffer, int offset, int length) {
        List<Frame> frames = new ArrayList<>(2);
        int position = offset;
        int end = offset + length;
        while (position < end && !stopped) {
            if (skippingToNewline) {
                int newline = indexOf(buffer, (byte) '\n', position, end);
                if (newline < 0) {
                    break;
                }
                skippingToNewline = false;
                position = newline + 1;
                continue;
            }
            if (parser == null) {
                position = skipWhitespace(buffer, position, end);
                if (position == end) {
                    break;
                }
                openParser();
            }
            position = parse(buffer, position, end, frames);
        }
        return frames;
    }

    /** Whether a message has begun but not ended: its bytes are lost if the client goes now. */
    boolean hasPartialMessage() {
        return parser != null && !stopped;
    }

    /** Releases the parser. */
    void close() {
        closeParser();
        stopped = true;
    }

    /** Parses {@code buffer[start, end)}; returns where framing goes on (end, or after a parse error). */
    private int parse(byte[] buffer, int start, int end, List<Frame> frames) {
        long fedBefore = fed;
        try {
            feeder.feedInput(buffer, start, end);
            fed += end - start;
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.NOT_AVAILABLE && token != null) {
                if (tokens == null) {
                    tokens = new TokenBuffer(parser, null);
                }
                tokens.copyCurrentEvent(parser);
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                }
                if (depth == 0) {
                    long messageEnd = parser.currentLocation().getByteOffset();
                    if (messageEnd - messageStart > maxMessageBytes) {
                        return oversize(frames, end);
                    }
                    frames.add(new Frame.Message(tokens));
                    tokens = null;
                    messageStart = messageEnd;
                }
            }
            if (fed - messageStart > maxMessageBytes) {
                return oversize(frames, end);
            }
            int restStart = start + (int) Math.max(0, messageStart - fedBefore);
            if (tokens == null && skipWhitespace(buffer, restStart, end) == end) {
                closeParser();
            }
            return end;
        } catch (JsonProcessingException e) {
            // The parser's offset points just past the offending byte.
            long errorOffset = parser.currentLocation().getByteOffset() - 1;
            frames.add(new Frame.Malformed(e.getOriginalMessage() + " (at byte " + Math.max(0, errorOffset - messageStart)
                    + " of the message)"));
            closeParser();
            skippingToNewline = true;
            long resume = start + (errorOffset - fedBefore);
            return (int) Math.max(start, Math.min(end, resume));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int oversize(List<Frame> frames, int end) {
        frames.add(new Frame.Oversize(maxMessageBytes));
        close();
        return end;
    }

    private void openParser() {
        try {
            parser = factory.createNonBlockingByteArrayParser();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
        fed = 0;
        messageStart = 0;
        depth = 0;
        tokens = null;
    }

    private void closeParser() {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException ignored) {
                // a byte-array parser holds no resource that can fail to close
            }
        }
        parser = null;
        feeder = null;
        tokens = null;
        depth = 0;
    }

    private static int skipWhitespace(byte[] buffer, int position, int end) {
        while (position < end) {
            byte b = buffer[position];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                break;
            }
            position++;
        }
        return position;
    }

    private static int indexOf(byte[] buffer, byte wanted, int from, int end) {
        for (int i = from; i < end; i++) {
            if (buffer[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
