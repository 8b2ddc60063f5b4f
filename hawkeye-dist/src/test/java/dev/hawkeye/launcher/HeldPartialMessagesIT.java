package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Clients that send most of a large message and never its end cannot bring a server down: on a
 * 256 MiB heap, 300 connections each holding 1,000,000 bytes of an unterminated string are all
 * closed (past {@code max_pending_bytes} at once, the rest after {@code read_timeout}) while a new
 * client's {@code ping} and {@code record} are answered throughout.
 */
class HeldPartialMessagesIT {
    private static final int HOLDERS = 300;
    private static final int HELD_BYTES = 1_000_000;
    private static final String CONFIG = """
            version: 2
            store: {type: memory}
            transport: {type: unix, path: "%s", read_timeout: 5s}
            monitors: []
            """;

    @RegisterExtension
    final Distribution distribution = new Distribution();

    @Test
    void threeHundredConnectionsHoldingAMegabyteEachAreClosedWhileANewClientIsServed() throws Exception {
        String config = distribution.writeConfig("monitors.yaml", CONFIG.formatted(distribution.socket())).toString();
        HawkeyeProcess server = distribution.start(Map.of("JAVA_OPTS", "-Xmx256m"), "server", "--config", config);
        Processes.awaitPing(server, distribution.socket());

        AtomicBoolean probing = new AtomicBoolean(true);
        Queue<String> probeFailures = new ConcurrentLinkedQueue<>();
        AtomicInteger probes = new AtomicInteger();
        Thread probe = new Thread(() -> {
            while (probing.get()) {
                try (RawJsonRpc client = RawJsonRpc.connect(distribution.socket())) {
                    int id = probes.incrementAndGet();
                    JsonNode ping = client.call("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}\n");
                    JsonNode record = client.call("{\"jsonrpc\":\"2.0\",\"id\":" + id
                            + ",\"method\":\"record\",\"params\":{\"key\":\"probe.ok\"}}\n");
                    if (!"pong".equals(ping.path("result").asText()) || record.path("result").path("accepted").asInt() != 1) {
                        probeFailures.add("probe " + id + ": " + ping + " " + record);
                    }
                    Thread.sleep(100);
                } catch (IOException e) {
                    probeFailures.add(e.toString());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "probe");
        probe.start();

        List<AFUNIXSocket> holders = new ArrayList<>();
        ExecutorService writers = Executors.newFixedThreadPool(32);
        byte[] partial = partialMessage();
        for (int i = 0; i < HOLDERS; i++) {
            AFUNIXSocket holder = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(distribution.socket().toFile()));
            holders.add(holder);
            writers.execute(() -> {
                try {
                    OutputStream out = holder.getOutputStream();
                    out.write(partial);
                    out.flush();
                } catch (IOException closedByTheServer) {
                    // The server may close it before all of it is written.
                }
            });
        }
        writers.shutdown();
        assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).as("the holders' writes end").isTrue();

        // Each holder reads the server's error and then the end of the stream: all must be closed.
        ExecutorService readers = Executors.newFixedThreadPool(32);
        AtomicInteger closed = new AtomicInteger();
        for (AFUNIXSocket holder : holders) {
            readers.execute(() -> {
                try {
                    holder.setSoTimeout(30_000);
                    InputStream in = holder.getInputStream();
                    byte[] buffer = new byte[4096];
                    while (in.read(buffer) >= 0) {
                        // the error that says why
                    }
                    closed.incrementAndGet();
                } catch (IOException e) {
                    // a reset is a close too, a timeout is not
                    if (!(e instanceof java.net.SocketTimeoutException)) {
                        closed.incrementAndGet();
                    }
                }
            });
        }
        readers.shutdown();
        assertThat(readers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        probing.set(false);
        probe.join();
        for (AFUNIXSocket holder : holders) {
            holder.close();
        }

        assertThat(closed.get()).as("connections the server closed; %s", server.describe()).isEqualTo(HOLDERS);
        assertThat(probeFailures).as("a new client's ping and record while they were held; %s", server.describe()).isEmpty();
        assertThat(probes.get()).isGreaterThan(10);
        assertThat(server.isAlive()).as(server.describe()).isTrue();
        try (RawJsonRpc client = RawJsonRpc.connect(distribution.socket())) {
            JsonNode counters = client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"status\"}\n").path("result").path("counters");
            long timedOut = counters.path("transport.connections.timed_out").asLong();
            long overPending = counters.path("transport.connections.over_pending").asLong();
            assertThat(timedOut + overPending).as("closed and counted: %s", counters).isEqualTo(HOLDERS);
            assertThat(timedOut).as("held within max_pending_bytes until read_timeout: %s", counters).isPositive();
            assertThat(overPending).as("refused beyond max_pending_bytes: %s", counters).isPositive();
        }
    }

    /** A record request whose key, a string, never ends. */
    private static byte[] partialMessage() {
        byte[] start = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":{\"key\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] message = Arrays.copyOf(start, start.length + HELD_BYTES);
        Arrays.fill(message, start.length, message.length, (byte) 'x');
        return message;
    }
}
