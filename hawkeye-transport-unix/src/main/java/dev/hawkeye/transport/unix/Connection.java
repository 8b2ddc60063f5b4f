package dev.hawkeye.transport.unix;

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
 * order they came.
 */
final class Connection {
    final long id;
    final AFUNIXSocketChannel channel;
    final SelectionKey key;
    final MessageFramer framer;

    /** Selector thread only: the client sent EOF, or the connection must close after its answers. */
    boolean inputEnded;
    boolean closeWhenAnswered;

    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private final ArrayDeque<ByteBuffer> output = new ArrayDeque<>();
    private long outputBytes;
    private boolean scheduled;
    private boolean closed;
    private long lastWriteProgressNanos;

    Connection(long id, AFUNIXSocketChannel channel, SelectionKey key, MessageFramer framer) {
        this.id = id;
        this.channel = channel;
        this.key = key;
        this.framer = framer;
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

    /** Queues response bytes; dropped when the connection is already closed. */
    synchronized void answer(byte[] bytes, long nowNanos) {
        if (closed) {
            return;
        }
        if (output.isEmpty()) {
            lastWriteProgressNanos = nowNanos;
        }
        output.addLast(ByteBuffer.wrap(bytes));
        outputBytes += bytes.length;
    }

    /** Writes what the socket takes now. */
    synchronized void flush(long nowNanos) throws IOException {
        while (!output.isEmpty()) {
            ByteBuffer head = output.peekFirst();
            int written = channel.write(head);
            if (written > 0) {
                outputBytes -= written;
                lastWriteProgressNanos = nowNanos;
            }
            if (head.hasRemaining()) {
                return;
            }
            output.pollFirst();
        }
    }

    synchronized int pendingFrames() {
        return frames.size();
    }

    synchronized long outputBytes() {
        return outputBytes;
    }

    synchronized boolean hasOutput() {
        return !output.isEmpty();
    }

    /** Nothing queued, running or unwritten. */
    synchronized boolean isIdle() {
        return frames.isEmpty() && !scheduled && output.isEmpty();
    }

    /** Whether responses have waited longer than {@code timeoutNanos} without a byte written. */
    synchronized boolean isStalled(long nowNanos, long timeoutNanos) {
        return !output.isEmpty() && nowNanos - lastWriteProgressNanos > timeoutNanos;
    }

    /** Marks the connection closed and forgets its unwritten responses; queued frames still run. */
    synchronized void markClosed() {
        closed = true;
        output.clear();
        outputBytes = 0;
    }

    synchronized boolean isClosed() {
        return closed;
    }
}
