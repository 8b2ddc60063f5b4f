package dev.hawkeye.transport.unix;

import dev.hawkeye.protocol.SeriesTable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;
import org.newsclub.net.unix.AFUNIXSocketChannel;

/**
 * One client connection. The selector thread owns the channel, the key and the framer; the
 * frames waiting to be executed and the responses waiting to be written are shared with the
 * workers and guarded by this object's lock.
 *
 * <p>At most one worker drains a connection at a time ({@link #offer} and {@link #next} hand the
 * "scheduled" flag over under the lock), so a connection's requests run, and are answered, in the
 * order they came. The selector thread runs a fast-path frame itself only when nothing of the
 * connection is queued or running ({@link #isDrained}), which keeps that order.
 *
 * <p>Responses are appended to one buffer, so that the answers to everything one read brought
 * leave in one write.
 */
final class Connection {
    final long id;
    final AFUNIXSocketChannel channel;
    final SelectionKey key;
    final MessageFramer framer;
    /** The series ids its {@code recordBatch} calls define: shared by its decoder and the workers (see {@link SeriesTable}). */
    final SeriesTable ids;

    /** Selector thread only: the client sent EOF, or the connection must close after its answers. */
    boolean inputEnded;
    boolean closeWhenAnswered;
    /** Selector thread only: the bytes of its partial message counted in the loops' shared total. */
    long partialBytes;
    /** Selector thread only: when the partial message held now began to arrive; 0 when none is held. */
    long partialSinceNanos;

    /** An output buffer up to this size is kept for the next answers; a bigger one is let go once written. */
    private static final int KEPT_OUTPUT_BYTES = 1024;
    private static final byte[] NOTHING = new byte[0];

    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private byte[] output = NOTHING;
    private int outputStart;
    private int outputEnd;
    private boolean scheduled;
    private boolean closed;
    private long lastWriteProgressNanos;

    Connection(long id, AFUNIXSocketChannel channel, SelectionKey key, MessageFramer framer, SeriesTable ids) {
        this.id = id;
        this.channel = channel;
        this.key = key;
        this.framer = framer;
        this.ids = ids;
    }

    /** Queues a frame; returns true when the caller must schedule a drain (none is running). */
    synchronized boolean offer(Frame frame) {
        frames.addLast(frame);
        if (scheduled) {
            return false;
        }
        scheduled = true;
        return true;
    }

    /** The next frame for the draining worker, or null (and the drain ends) when there is none. */
    synchronized Frame next() {
        Frame frame = frames.pollFirst();
        if (frame == null) {
            scheduled = false;
        }
        return frame;
    }

    /** Ends a drain that still has frames left (to give other connections a turn); true if it must be rescheduled. */
    synchronized boolean yieldDrain() {
        if (frames.isEmpty()) {
            scheduled = false;
            return false;
        }
        return true;
    }

    /** Whether nothing of this connection is queued or running: a frame may run on the selector thread now. */
    synchronized boolean isDrained() {
        return !scheduled && frames.isEmpty();
    }

    /** Queues response bytes; dropped when the connection is already closed. */
    synchronized void answer(byte[] bytes, long nowNanos) {
        if (closed) {
            return;
        }
        if (outputStart == outputEnd) {
            lastWriteProgressNanos = nowNanos;
            outputStart = 0;
            outputEnd = 0;
        }
        if (outputEnd + bytes.length > output.length) {
            int unwritten = outputEnd - outputStart;
            byte[] grown = unwritten + bytes.length > output.length
                    ? new byte[Math.max(unwritten + bytes.length, Math.max(256, output.length * 2))] : output;
            System.arraycopy(output, outputStart, grown, 0, unwritten);
            output = grown;
            outputStart = 0;
            outputEnd = unwritten;
        }
        System.arraycopy(bytes, 0, output, outputEnd, bytes.length);
        outputEnd += bytes.length;
    }

    /** Writes what the socket takes now. */
    synchronized void flush(long nowNanos) throws IOException {
        if (outputStart == outputEnd) {
            return;
        }
        int written = channel.write(ByteBuffer.wrap(output, outputStart, outputEnd - outputStart));
        if (written > 0) {
            outputStart += written;
            lastWriteProgressNanos = nowNanos;
        }
        if (outputStart == outputEnd) {
            outputStart = 0;
            outputEnd = 0;
            if (output.length > KEPT_OUTPUT_BYTES) {
                output = NOTHING;
            }
        }
    }

    synchronized int pendingFrames() {
        return frames.size();
    }

    synchronized long outputBytes() {
        return outputEnd - outputStart;
    }

    synchronized boolean hasOutput() {
        return outputEnd > outputStart;
    }

    /** Nothing queued, running or unwritten. */
    synchronized boolean isIdle() {
        return frames.isEmpty() && !scheduled && outputEnd == outputStart;
    }

    /** Whether responses have waited longer than {@code timeoutNanos} without a byte written. */
    synchronized boolean isStalled(long nowNanos, long timeoutNanos) {
        return outputEnd > outputStart && nowNanos - lastWriteProgressNanos > timeoutNanos;
    }

    /** Marks the connection closed and forgets its unwritten responses; queued frames still run. */
    synchronized void markClosed() {
        closed = true;
        output = NOTHING;
        outputStart = 0;
        outputEnd = 0;
    }

    synchronized boolean isClosed() {
        return closed;
    }
}
