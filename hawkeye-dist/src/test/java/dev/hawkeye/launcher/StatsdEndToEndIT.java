package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.timgroup.statsd.NonBlockingStatsDClientBuilder;
import com.timgroup.statsd.StatsDClient;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code bin/hawkeye run --statsd ADDR}: an application instrumented with the DogStatsD client
 * fires a hawkeye monitor over UDP without a line of hawkeye code, and what the transport refused
 * shows in {@code hawkeye status}.
 */
class StatsdEndToEndIT {
    private static final String CONFIG = """
            version: 2
            notifiers:
              pager: {type: console}
            defaults: {window: 2s, evaluate_every: 1s, repeat_every: 1h}
            monitors:
              - name: checkout-errors
                metric: checkout.errors
                tags: {service: checkout}
                aggregate: count
                triggers:
                  - level: warning
                    when: ">= 3"
                    notify: [{via: pager, to: [oncall@example.com]}]
            """;

    @RegisterExtension
    final Distribution distribution = new Distribution();

    @Test
    void aDogStatsdClientFiresAMonitorAndBadLinesShowInStatus() throws Exception {
        int port = Processes.freeUdpPort();
        String socket = distribution.socket().toString();
        HawkeyeProcess hawkeye = distribution.start("run", "--config", distribution.writeConfig("monitors.yaml", CONFIG).toString(),
                "--socket", socket, "--statsd", "127.0.0.1:" + port);
        Processes.awaitPing(hawkeye, distribution.socket());
        assertThat(hawkeye.awaitStderrLine(line -> line.contains("listening on statsd:udp:127.0.0.1:" + port), Duration.ofSeconds(5)))
                .isNotNull();

        StatsDClient client = new NonBlockingStatsDClientBuilder().hostname("127.0.0.1").port(port)
                .enableTelemetry(false).originDetectionEnabled(false).constantTags("service:checkout").build();
        try {
            Instant deadline = Instant.now().plusSeconds(20);
            while (hawkeye.stdout().stream().noneMatch(line -> line.contains("FIRING")) && Instant.now().isBefore(deadline)) {
                client.increment("checkout.errors", "host:web-1");
                sendRaw(port, "checkout.errors:1|c|#service:checkout\nbroken-line-without-type:1");
                Thread.sleep(200);
            }
        } finally {
            client.close();
        }

        String firing = hawkeye.awaitStdoutLine(line -> line.contains("FIRING"), Duration.ofSeconds(1));
        assertThat(firing).as(hawkeye.describe()).contains("checkout-errors");
        HawkeyeProcess.Result status = distribution.run("status", "--json", "--socket", socket);
        JsonNode counters = new ObjectMapper().readTree(status.stdoutText()).path("counters");
        assertThat(counters.path("statsd.metrics.received").asLong()).as(status.toString()).isGreaterThanOrEqualTo(3);
        assertThat(counters.path("statsd.lines.invalid.no_type").asLong()).as(status.toString()).isGreaterThanOrEqualTo(1);
        assertThat(counters.path("statsd.udp.kernel_drops").isNumber()).as(status.toString()).isTrue();
    }

    private static void sendRaw(int port, String datagram) throws IOException {
        byte[] bytes = datagram.getBytes(StandardCharsets.UTF_8);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress("127.0.0.1", port)));
        }
    }
}
