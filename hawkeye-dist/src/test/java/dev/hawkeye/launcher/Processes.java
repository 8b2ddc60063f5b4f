package dev.hawkeye.launcher;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** Waiting for a started hawkeye to serve, and the free ports to start it on. */
final class Processes {
    private Processes() {
    }

    /** A UDP port on the loopback interface that nothing is bound to now. */
    static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A TCP port on the loopback interface that nothing listens on now. */
    static int freeTcpPort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Waits (at most 30 seconds) until the server answers {@code ping} on {@code socket}. */
    static void awaitPing(HawkeyeProcess hawkeye, Path socket) {
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!hawkeye.isAlive()) {
                    throw new AssertionError("hawkeye exited while starting: " + hawkeye.describe());
                }
                return answersPing(socket);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("hawkeye did not answer ping: " + hawkeye.describe(), e);
        }
    }

    private static boolean answersPing(Path socket) {
        try (RawJsonRpc raw = RawJsonRpc.connect(socket)) {
            return "pong".equals(raw.call("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}").path("result").asText());
        } catch (IOException e) {
            return false;
        }
    }
}
