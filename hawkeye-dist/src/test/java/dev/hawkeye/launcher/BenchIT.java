package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hawkeye.client.HawkeyeClient;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code hawkeye bench} against a running {@code hawkeye server}: every mode reports a run in which
 * the server confirmed every point sent. Behaviour only: the figures are not asserted.
 */
class BenchIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    final Distribution distribution = new Distribution();
    private String socket;
    private String statsd;
    private String http;

    @BeforeEach
    void startServer() throws Exception {
        socket = distribution.socket().toString();
        statsd = "127.0.0.1:" + Processes.freeUdpPort();
        http = "127.0.0.1:" + Processes.freeTcpPort();
        HawkeyeProcess server = distribution.start("server", "--config",
                distribution.writeConfig("monitors.yaml", AlertEndToEndIT.CONFIG).toString(), "--socket", socket, "--statsd", statsd,
                "--http", http);
        Processes.awaitPing(server, distribution.socket());
    }

    /** Runs a bench of one second after one of warm-up (so that one progress line is printed); its report and exit code. */
    private JsonNode bench(String... args) throws Exception {
        String[] command = new String[args.length + 7];
        command[0] = "bench";
        command[1] = "--socket";
        command[2] = socket;
        command[3] = "--duration";
        command[4] = "1s";
        command[5] = "--warmup";
        command[6] = "1s";
        System.arraycopy(args, 0, command, 7, args.length);
        HawkeyeProcess.Result result = distribution.run(command);
        assertThat(result.stderrText()).as(result.toString()).contains("points/s");
        ObjectNode report = (ObjectNode) MAPPER.readTree(result.stdoutText());
        return report.put("exitCode", result.exitCode());
    }

    @Test
    void everyModeReportsARunInWhichTheServerConfirmedEveryPoint() throws Exception {
        for (String[] mode : new String[][] {{"--mode", "batch", "--batch-size", "100"}, {"--mode", "batch", "--client-aggregation"},
                {"--mode", "batch", "--tags", "2"}, {"--mode", "notify"}, {"--mode", "notify", "--tags", "3"},
                {"--mode", "request", "--connections", "2"},
                // UDP loses what the server cannot take in time: a rate far below what it takes keeps every metric.
                {"--mode", "statsd", "--statsd", statsd, "--rate", "50000", "--batch-size", "20"},
                {"--mode", "http", "--http", http, "--batch-size", "10"}}) {
            JsonNode report = bench(concat(mode, "--json", "--series", "50", "--type", "histogram"));

            assertThat(report.get("exitCode").asInt()).as(report.toPrettyString()).isEqualTo(0);
            assertThat(report.get("ok").asBoolean()).as(report.toPrettyString()).isTrue();
            assertThat(report.get("pointsSent").asLong()).as(report.toPrettyString()).isPositive();
            assertThat(report.get("serverAccepted").asLong()).isEqualTo(report.get("pointsSent").asLong());
            assertThat(report.get("pointsPerSecond").asLong()).isPositive();
            assertThat(report.get("server").get("pid").asLong()).as("the server's pid from the peer credentials").isPositive();
            assertThat(report.get("server").get("rssKib").asLong()).isPositive();
        }
    }

    @Test
    void sendOnlyReportsWhatWasSentAndReadsNothingFromTheServer() throws Exception {
        HawkeyeProcess.Result result = distribution.run("bench", "--mode", "statsd", "--send-only", "--statsd", statsd,
                "--duration", "1s", "--warmup", "0s", "--rate", "10000", "--json");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
        JsonNode report = MAPPER.readTree(result.stdoutText());
        assertThat(report.get("sendOnly").asBoolean()).as(result.toString()).isTrue();
        assertThat(report.get("sent").asLong()).as(result.toString()).isBetween(5_000L, 20_000L);
    }

    @Test
    void requestModeReportsLatencyPercentiles() throws Exception {
        JsonNode report = bench("--mode", "request", "--json");

        JsonNode latency = report.get("latencyMicros");
        assertThat(latency.get("samples").asLong()).as(report.toPrettyString()).isPositive();
        assertThat(latency.get("p99").asDouble()).isGreaterThanOrEqualTo(latency.get("p50").asDouble());
    }

    @Test
    void aBadClientGetsErrorAnswersWhileTheGoodLoadLosesNothing() throws Exception {
        JsonNode report = bench("--mode", "notify", "--json", "--bad-client", "--bad-rate", "200");

        assertThat(report.get("ok").asBoolean()).as(report.toPrettyString()).isTrue();
        JsonNode bad = report.get("badClient");
        assertThat(bad.get("malformed").asLong()).isPositive();
        assertThat(bad.get("invalid").asLong()).isPositive();
        assertThat(bad.get("oversize").asLong()).isPositive();
        assertThat(bad.get("closedByServer").asLong()).isEqualTo(bad.get("oversize").asLong());
        assertThat(bad.get("errorAnswers").asLong()).isGreaterThanOrEqualTo(bad.get("malformed").asLong() + bad.get("invalid").asLong());
    }

    @Test
    void pointsFromAnotherClientMakeTheCountDisagreeAndTheRunFail() throws Exception {
        try (HawkeyeClient other = HawkeyeClient.builder().socket(distribution.socket()).flushInterval(Duration.ofMillis(10)).build()) {
            Thread sender = new Thread(() -> {
                for (int i = 0; i < 300 && !Thread.currentThread().isInterrupted(); i++) {
                    other.increment("other.client");
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sender.start();
            HawkeyeProcess.Result result = distribution.run("bench", "--socket", socket, "--mode", "notify", "--duration", "1s",
                    "--warmup", "0s");
            sender.interrupt();
            sender.join();

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.stdoutText()).as(result.toString()).contains("FAILED: the server confirmed")
                    .contains("another client is sending to this server");
        }
    }

    @Test
    void anUnknownModeIsAUsageError() throws Exception {
        HawkeyeProcess.Result result = distribution.run("bench", "--socket", socket, "--mode", "firehose");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderrText()).contains("unknown mode 'firehose'; expected one of batch, notify, request");
    }

    @Test
    void moreTagsThanASeriesMayHaveIsAUsageError() throws Exception {
        HawkeyeProcess.Result result = distribution.run("bench", "--socket", socket, "--tags", "17");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderrText()).contains("--tags must be 0 to 16; got 17");
    }

    private static String[] concat(String[] first, String... second) {
        String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
