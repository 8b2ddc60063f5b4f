package dev.hawkeye.transport.unix;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts one connection's byte stream into complete JSON texts, which may come back to back, with
 * or without whitespace between them, and split across reads anywhere. Not thread-safe: a
 * connection's framer is fed by the selector thread only.
 *
 * <p>Jackson's non-blocking parser does the tokenizing, once: each token also goes to the
 * connection's {@link RecordDecoder}, so that a {@code record} or {@code recordBatch} of the usual
 * shape comes out as {@link Frame.Records}, its points already read. Any other message comes out as
 * its bytes ({@link Frame.Message}) for the general path; only those bytes of a message that came in
 * earlier reads are kept meanwhile.
 *
 * <p>Between messages no parser is held: a connection that sends nothing costs no parser buffers.
 *
 * <p>After bytes that are not JSON, the framer answers one {@link Frame.Malformed} and discards
 * input up to the next newline, where it starts afresh: a client that separates its messages by
 * newlines loses only the bad one. A message left unterminated at the end of its line is cut short
 * by the {@code {} or {@code [} that begins the next line: that next message is read, not skipped.
 */
final class MessageFramer {
    private static final byte[] NOTHING = new byte[0];

    private final JsonFactory factory;
    private final int maxMessageBytes;
    /** Reads the fast path's messages; {@code null} to hand over every message as bytes. */
    private final RecordDecoder decoder;

    private JsonParser parser;
    private ByteArrayFeeder feeder;
    /** Bytes fed to {@link #parser} so far (its byte offsets count from its creation). */
    private long fed;
    /** The parser offset where the message being read began (past the whitespace after the previous one). */
    private long messageStart;
    /** A message has begun: a token of it has been seen. */
    private boolean inMessage;
    /** The bytes of the message being read that came in earlier feeds. */
    private byte[] carried = NOTHING;
    private int carriedLength;
    private int depth;
    /** The token before the current one, of this parser. */
    private JsonToken previous;
    private boolean skippingToNewline;
    private boolean stopped;

    /** A framer that hands over every message as bytes. */
    MessageFramer(JsonFactory factory, int maxMessageBytes) {
        this(factory, maxMessageBytes, null);
    }

    /** A framer that reads {@code record} and {@code recordBatch} messages with {@code decoder}. */
    MessageFramer(JsonFactory factory, int maxMessageBytes, RecordDecoder decoder) {
        this.factory = factory;
        this.maxMessageBytes = maxMessageBytes;
        this.decoder = decoder;
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

    /** The bytes of the partial message received so far; 0 between messages. */
    int partialBytes() {
        return hasPartialMessage() ? carriedLength : 0;
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
                if (!inMessage) {
                    inMessage = true;
                    if (decoder != null) {
                        decoder.begin();
                    }
                }
                if (token == JsonToken.END_OBJECT && previous == JsonToken.FIELD_NAME) {
                    // Jackson's non-blocking parser takes {"a": } when a read ends between the colon and the brace.
                    throw new JsonParseException(parser, "Unexpected character ('}' (code 125)): expected a value after the colon");
                }
                if (token == JsonToken.END_OBJECT && previous != JsonToken.START_OBJECT
                        && lastNonWhitespaceBefore(buffer, start, fedBefore, parser.currentLocation().getByteOffset() - 1) == ',') {
                    // ... and {"a": 1,} when a read ends between the comma and the brace.
                    throw new JsonParseException(parser, "Unexpected character ('}' (code 125)): was expecting double-quote to start field name");
                }
                previous = token;
                if (decoder != null) {
                    decoder.accept(parser, token);
                }
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
                    Frame.Records records = decoder == null ? null : decoder.finish();
                    frames.add(records != null ? records : new Frame.Message(messageBytes(buffer, start, fedBefore, messageEnd)));
                    inMessage = false;
                    carriedLength = 0;
                    // The whitespace after a message is part of no message: neither kept nor counted against
                    // the limit, as when a read ends with it, so that how the stream was cut into reads does not matter.
                    int after = start + (int) (messageEnd - fedBefore);
                    messageStart = messageEnd + (skipWhitespace(buffer, after, end) - after);
                }
            }
            if (fed - messageStart > maxMessageBytes) {
                return oversize(frames, end);
            }
            int restStart = start + (int) Math.max(0, messageStart - fedBefore);
            // Nothing carried: else the whitespace is inside a top-level string that began in an earlier read.
            if (!inMessage && carriedLength == 0 && skipWhitespace(buffer, restStart, end) == end) {
                closeParser();
            } else {
                carry(buffer, restStart, end);
            }
            return end;
        } catch (JsonProcessingException e) {
            // The parser's offset points just past the offending byte.
            long errorOffset = parser.currentLocation().getByteOffset() - 1;
            frames.add(new Frame.Malformed(e.getOriginalMessage() + " (at byte " + Math.max(0, errorOffset - messageStart)
                    + " of the message)"));
            int resume = (int) Math.max(start, Math.min(end, start + (errorOffset - fedBefore)));
            boolean nextMessageBegins = inMessage && resume < end && (buffer[resume] == '{' || buffer[resume] == '[')
                    && startsLine(buffer, start, resume);
            closeParser();
            // An unterminated message is cut short by the next line's message: that one is read, not skipped.
            skippingToNewline = !nextMessageBegins;
            return resume;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether only blanks stand between the last newline and {@code buffer[at]}, looking back into
     * the bytes carried from earlier feeds when this one holds none.
     */
    private boolean startsLine(byte[] buffer, int start, int at) {
        int i = at - 1;
        while (i >= start && isBlank(buffer[i])) {
            i--;
        }
        if (i >= start) {
            return buffer[i] == '\n';
        }
        int j = carriedLength - 1;
        while (j >= 0 && isBlank(carried[j])) {
            j--;
        }
        return j >= 0 && carried[j] == '\n';
    }

    /**
     * The last byte that is not whitespace before parser offset {@code offset} of the message being
     * read, looking back into the bytes carried from earlier feeds; -1 when there is none.
     */
    private int lastNonWhitespaceBefore(byte[] buffer, int start, long fedBefore, long offset) {
        int i = start + (int) (offset - fedBefore) - 1;
        while (i >= start && isWhitespace(buffer[i])) {
            i--;
        }
        if (i >= start) {
            return buffer[i];
        }
        int j = carriedLength - 1;
        while (j >= 0 && isWhitespace(carried[j])) {
            j--;
        }
        return j >= 0 ? carried[j] : -1;
    }

    private static boolean isWhitespace(byte b) {
        return isBlank(b) || b == '\n';
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r';
    }

    /** The bytes of the message that ends at parser offset {@code messageEnd}: those carried, then this feed's. */
    private byte[] messageBytes(byte[] buffer, int start, long fedBefore, long messageEnd) {
        int from = start + (int) Math.max(0, messageStart - fedBefore);
        int to = start + (int) (messageEnd - fedBefore);
        byte[] message = Arrays.copyOf(carried, carriedLength + (to - from));
        System.arraycopy(buffer, from, message, carriedLength, to - from);
        return message;
    }

    /** Keeps {@code buffer[from, end)}, the beginning of a message that the next feeds complete. */
    private void carry(byte[] buffer, int from, int end) {
        int length = end - from;
        if (carriedLength + length > carried.length) {
            carried = Arrays.copyOf(carried, Math.max(carriedLength + length, Math.max(256, carried.length * 2)));
        }
        System.arraycopy(buffer, from, carried, carriedLength, length);
        carriedLength += length;
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
        previous = null;
        inMessage = false;
        carriedLength = 0;
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
        inMessage = false;
        // A connection that sent one big message does not keep its buffer once it is idle.
        carried = NOTHING;
        carriedLength = 0;
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
