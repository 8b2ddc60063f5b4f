package dev.hawkeye.launcher.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A blocking connection to the server that writes prepared bytes and reads newline-terminated
 * answers, without a JSON-RPC client in between. Not thread-safe: one owner.
 */
final class RawConnection implements AutoCloseable {
    private final Path path;
    private final AFUNIXSocket socket;
    private final OutputStream out;
    private final InputStream in;
    private byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;
    private int lineStart;
    private int lineEnd;

    private RawConnection(Path path, AFUNIXSocket socket) throws IOException {
        this.path = path;
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    /**
     * @param readTimeoutMillis how long {@link #readLine} waits before it throws
     * @throws IOException naming the socket when nothing listens there
     */
    static RawConnection open(Path path, int readTimeoutMillis) throws IOException {
        AFUNIXSocket socket;
        try {
            socket = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(path));
        } catch (IOException e) {
            throw new IOException("cannot connect to hawkeye at " + path + " (is the server running?): " + e.getMessage(), e);
        }
        socket.setSoTimeout(readTimeoutMillis);
        return new RawConnection(path, socket);
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
    }

    /** Reads the next answer; {@link #lineEquals} and {@link #line} look at it until the next call. */
    void readLine() throws IOException {
        while (true) {
            for (int i = start; i < end; i++) {
                if (buffer[i] == '\n') {
                    lineStart = start;
                    lineEnd = i;
                    start = i + 1;
                    return;
                }
            }
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            int read = in.read(buffer, end, buffer.length - end);
            if (read < 0) {
                throw new EOFException("hawkeye at " + path + " closed the connection");
            }
            end += read;
        }
    }

    /** Whether the last answer read is exactly {@code expected} (without its newline). */
    boolean lineEquals(byte[] expected) {
        return Arrays.equals(buffer, lineStart, lineEnd, expected, 0, expected.length);
    }

    /** The last answer read, as text. */
    String line() {
        return new String(buffer, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
    }

    /** The server process's id, from the socket's peer credentials; -1 when the platform does not tell. */
    long peerPid() {
        try {
            return socket.getPeerCredentials().getPid();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the run is over for this connection either way
        }
    }
}
