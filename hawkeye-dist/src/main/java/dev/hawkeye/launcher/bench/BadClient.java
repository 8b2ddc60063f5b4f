package dev.hawkeye.launcher.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The second client of {@code hawkeye bench --bad-client}: on its own connection and thread, it
 * sends {@code rate} bad messages a second while the load runs, and reads each answer: malformed
 * JSON (answered -32700), requests with invalid points or an unknown method (-32602, -32601), and,
 * one message in {@value #OVERSIZE_EVERY} (the first one among them, so that even a short run on a
 * slow machine sends one), a message of {@value #OVERSIZE_BYTES} bytes, over the
 * default {@code max_message_bytes}, which the server answers with an error before it closes the
 * connection; the bad client then connects again. It never sends a valid point, so the server's
 * {@code points.accepted} still counts the good load's points only.
 */
final class BadClient implements AutoCloseable {
    static final int OVERSIZE_EVERY = 100;
    static final int OVERSIZE_BYTES = 2 * 1024 * 1024;
    private static final byte[][] INVALID = {
            line("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"record\",\"params\":{\"key\":\"bad key\",\"value\":\"x\"}}"),
            line("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"recordBatch\",\"params\":{\"points\":" + badPoints(50) + "}}"),
            line("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"explode\",\"params\":{}}"),
    };
    private static final byte[][] MALFORMED = {
            line("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":{\"key\": oops}}"),
            line("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":{\"key\":\"a\"]]]"),
            line("\u0000\u0001garbage that is not JSON at all"),
    };

    private final Path socket;
    private final int rate;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RawConnection connection;

    private long malformed;
    private long invalid;
    private long oversize;
    private long errorAnswers;
    private long closedByServer;
    private volatile Tally tally = new Tally(0, 0, 0, 0, 0);

    BadClient(Path socket, int rate) {
        this.socket = socket;
        this.rate = rate;
        this.thread = new Thread(this::run, "hawkeye-bench-bad-client");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long next = System.nanoTime();
        byte[] big = oversizeMessage();
        long sent = 0;
        while (running) {
            try {
                if (connection == null) {
                    connection = RawConnection.open(socket, 10_000);
                }
                sent++;
                if (sent % OVERSIZE_EVERY == 1) {
                    oversize++;
                    sendOversize(big);
                } else if (sent % 2 == 0) {
                    malformed++;
                    exchange(MALFORMED[(int) (sent / 2 % MALFORMED.length)]);
                } else {
                    invalid++;
                    exchange(INVALID[(int) (sent / 2 % INVALID.length)]);
                }
            } catch (IOException e) {
                dropConnection();
                if (!running) {
                    break;
                }
            }
            tally = new Tally(malformed, invalid, oversize, errorAnswers, closedByServer);
            next += interval;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (wait < -TimeUnit.SECONDS.toNanos(1)) {
                next = System.nanoTime();
            }
        }
        tally = new Tally(malformed, invalid, oversize, errorAnswers, closedByServer);
        dropConnection();
    }

    private void exchange(byte[] message) throws IOException {
        connection.write(message);
        connection.readLine();
        if (connection.line().contains("\"error\"")) {
            errorAnswers++;
        }
    }

    /** Writes the oversize message; the server answers an error and closes, maybe before all of it is written. */
    private void sendOversize(byte[] big) {
        try {
            connection.write(big);
        } catch (IOException e) {
            // the server stopped reading at its limit and closed: expected
        }
        try {
            connection.readLine();
            if (connection.line().contains("\"error\"")) {
                errorAnswers++;
            }
            connection.readLine();
        } catch (IOException e) {
            // end of input after the answer: the server closed the connection, as it should
        }
        closedByServer++;
        dropConnection();
    }

    private void dropConnection() {
        RawConnection current = connection;
        connection = null;
        if (current != null) {
            current.close();
        }
    }

    Tally tally() {
        return tally;
    }

    /** Stops after the message on its way has been answered (or, if the server does not answer, after a timeout). */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(15));
        RawConnection current = connection;
        if (current != null) {
            current.close();
        }
        thread.join(TimeUnit.SECONDS.toMillis(5));
    }

    private static byte[] oversizeMessage() {
        byte[] prefix = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"record\",\"params\":{\"key\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\"}}\n".getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[OVERSIZE_BYTES];
        Arrays.fill(message, (byte) 'a');
        System.arraycopy(prefix, 0, message, 0, prefix.length);
        System.arraycopy(suffix, 0, message, message.length - suffix.length, suffix.length);
        return message;
    }

    private static String badPoints(int count) {
        StringBuilder points = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            points.append(i == 0 ? "" : ",").append("{\"key\":\"bad key ").append(i).append("\"}");
        }
        return points.append(']').toString();
    }

    private static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** What the bad client sent and how the server answered. */
    record Tally(long malformed, long invalid, long oversize, long errorAnswers, long closedByServer) {
    }
}
