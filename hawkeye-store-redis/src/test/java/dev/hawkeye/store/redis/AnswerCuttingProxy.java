package dev.hawkeye.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a Redis that can lose the answer to a script: once {@link #cutScriptAnswers
 * armed}, it forwards the next {@code EVALSHA}/{@code EVAL} to Redis, which runs it, and when the
 * script's answer (a RESP array) comes back it drops the answer and closes both connections. To the
 * client that is a connection broken after Redis applied the write. Error answers (such as
 * {@code NOSCRIPT}) pass, so a cut always follows a script Redis did run. For tests; thread-safe.
 */
final class AnswerCuttingProxy implements AutoCloseable {
    private final int redisPort;
    private final ServerSocket listener;
    private final AtomicInteger armed = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    AnswerCuttingProxy(int redisPort) {
        this.redisPort = redisPort;
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for the proxy", e);
        }
        this.acceptor = new Thread(this::accept, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@code redis://127.0.0.1:<proxy port>/0}. */
    String url() {
        return "redis://127.0.0.1:" + listener.getLocalPort() + "/0";
    }

    /** Loses the answers to the next {@code times} scripts Redis runs. */
    void cutScriptAnswers(int times) {
        armed.set(times);
    }

    /** How many answers were lost so far. */
    int cuts() {
        return cuts.get();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket redis = new Socket(InetAddress.getLoopbackAddress(), redisPort);
                sockets.add(client);
                sockets.add(redis);
                // Jedis sends one command and waits for its answer, so the next array answers the script.
                AtomicBoolean scriptSent = new AtomicBoolean();
                pump(client, redis, "to-redis", chunk -> {
                    if (new String(chunk, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT).contains("EVAL")) {
                        scriptSent.set(true);
                    }
                    return true;
                });
                pump(redis, client, "to-client", chunk -> {
                    if (!scriptSent.get() || chunk.length == 0 || chunk[0] != '*') {
                        return true;
                    }
                    scriptSent.set(false);
                    if (armed.getAndUpdate(n -> Math.max(0, n - 1)) == 0) {
                        return true;
                    }
                    cuts.incrementAndGet();
                    closeQuietly(client);
                    closeQuietly(redis);
                    return false;
                });
            } catch (IOException e) {
                // closed: stop accepting
            }
        }
    }

    /** What to do with a chunk before it is forwarded: {@code false} drops it. */
    private interface ChunkFilter {
        boolean forward(byte[] chunk);
    }

    private static void pump(Socket from, Socket to, String name, ChunkFilter filter) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    byte[] chunk = Arrays.copyOf(buffer, n);
                    if (!filter.forward(chunk)) {
                        return;
                    }
                    out.write(chunk);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed: the other goes too
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
