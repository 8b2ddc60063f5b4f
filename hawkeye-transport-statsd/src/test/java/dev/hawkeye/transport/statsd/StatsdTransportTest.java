package dev.hawkeye.transport.statsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.transport.MetricSink;
import dev.hawkeye.api.transport.QueryService;
import dev.hawkeye.testing.NoQueries;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** The transport's sockets and limits, on real sockets, with a sink that keeps what it is given. */
class StatsdTransportTest {
    private static final QueryService NO_QUERIES = NoQueries.INSTANCE;

    @TempDir
    Path dir;
    private final List<Point> recorded = new CopyOnWriteArrayList<>();
    private final MetricSink sink = recorded::add;

    @Test
    void aDatagramOverTheLimitKeepsItsWholeLinesAndCountsTheCutOne() throws Exception {
        try (StatsdTransport transport = start(Map.of("udp", "127.0.0.1:0", "max_datagram_bytes", 512))) {
            StringBuilder datagram = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                datagram.append("line.").append(i).append(":1|c\n");
            }
            byte[] bytes = datagram.toString().getBytes(StandardCharsets.US_ASCII);
            assertThat(bytes.length).isGreaterThan(1_000);
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.send(new DatagramPacket(bytes, bytes.length, transport.udpAddress()));
            }

            await().atMost(Duration.ofSeconds(5)).until(() -> transport.counters().get(LineFault.TRUNCATED.counterKey()) == 1);
            int whole = datagram.substring(0, 512).lastIndexOf('\n') + 1;
            long linesKept = datagram.substring(0, whole).lines().count();
            assertThat(recorded).hasSize((int) linesKept);
            assertThat(recorded.get(recorded.size() - 1).series().key()).isEqualTo("line." + (linesKept - 1));
        }
    }

    @Test
    void theUnixSocketGetsItsModeReceivesAndIsRemovedOnClose() throws Exception {
        Path path = dir.resolve("statsd.sock");
        try (StatsdTransport transport = start(Map.of("unix", path.toString(), "mode", "0620"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw--w----");
            assertThat(transport.describe()).isEqualTo("statsd:unix:" + path);
            try (AFUNIXDatagramChannel client = AFUNIXDatagramChannel.open()) {
                client.send(ByteBuffer.wrap("jobs:3|c|#team:a".getBytes(StandardCharsets.UTF_8)), AFUNIXSocketAddress.of(path));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> recorded.size() == 1);
            assertThat(recorded.get(0).value()).isEqualTo(3);
        }
        assertThat(path).doesNotExist();
    }

    @Test
    void aLiveSocketIsRefusedAndAStaleOneReplaced() throws Exception {
        Path path = dir.resolve("statsd.sock");
        try (StatsdTransport first = start(Map.of("unix", path.toString()))) {
            assertThatThrownBy(() -> start(Map.of("unix", path.toString())))
                    .isInstanceOf(IOException.class).hasMessageContaining("another process receives on it");
        }
        try (AFUNIXDatagramChannel stale = AFUNIXDatagramChannel.open()) {
            stale.bind(AFUNIXSocketAddress.of(path));
        }
        assertThat(path).exists();
        try (StatsdTransport replacing = start(Map.of("unix", path.toString()))) {
            assertThat(path).exists();
        }
    }

    @Test
    void aMisspeltKeyOrABadAddressIsAConfigError() {
        assertThatThrownBy(() -> StatsdSettings.from(config(Map.of("upd", "127.0.0.1:8125"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown key 'upd' (did you mean 'udp'?)");
        assertThatThrownBy(() -> StatsdSettings.from(config(Map.of("udp", "localhost"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("expected host:port such as 127.0.0.1:8125");
    }

    private StatsdTransport start(Map<String, Object> values) throws IOException {
        StatsdTransport transport = new StatsdTransport(StatsdSettings.from(config(values)), Clock.systemUTC());
        transport.start(sink, NO_QUERIES);
        return transport;
    }

    private static PluginConfig config(Map<String, ?> values) {
        return PluginConfig.of("transport", values, key -> "monitors.yaml:3:5");
    }
}
