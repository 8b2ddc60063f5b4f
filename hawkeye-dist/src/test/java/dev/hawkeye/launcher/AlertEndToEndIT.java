package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hawkeye.client.HawkeyeClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The acceptance test: {@code bin/hawkeye run} from the assembled distribution, points sent
 * with {@link HawkeyeClient} and with JSON-RPC written by hand, and the console notifier printing
 * FIRING once, then RESOLVED once the window has passed.
 */
class AlertEndToEndIT {
    /** Threshold 3 over a 2-second window, evaluated every 2 seconds; a repeat would come only after a minute. */
    static final String CONFIG = """
            run_every: 1
            monitors:
              - key: e2e.errors
                interval: 2
                triggers:
                  - threshold: 3
                    recipients: [oncall@example.com]
            """;

    @RegisterExtension
    final Distribution distribution = new Distribution();

    @Test
    void pointsFromTheClientAndFromRawJsonRpcFireOnceThenResolve() throws Exception {
        HawkeyeProcess hawkeye = distribution.start("run", "--config", distribution.writeConfig("monitors.yaml", CONFIG).toString(),
                "--socket", distribution.socket().toString());
        Processes.awaitPing(hawkeye, distribution.socket());

        try (HawkeyeClient client = HawkeyeClient.connect(distribution.socket());
             RawJsonRpc raw = RawJsonRpc.connect(distribution.socket())) {
            // A burst of three points (one per way of sending) every half second, until the alert fires:
            // the evaluation's 2-second window then surely holds at least one whole burst.
            Instant deadline = Instant.now().plusSeconds(15);
            while (hawkeye.stdout().stream().noneMatch(line -> line.contains("FIRING")) && Instant.now().isBefore(deadline)) {
                client.increment("e2e.errors");
                assertThat(client.flush(Duration.ofSeconds(5))).as("client flushed").isTrue();

                JsonNode answer = raw.call("{\"jsonrpc\":\"2.0\",\"method\":\"record\",\"params\":{\"key\":\"e2e.errors\",\"value\":1},\"id\":7}\n");
                assertThat(answer.path("jsonrpc").asText()).isEqualTo("2.0");
                assertThat(answer.path("id").asInt()).isEqualTo(7);
                assertThat(answer.path("result").path("accepted").asInt()).as(answer.toString()).isEqualTo(1);

                // What Go's net/rpc/jsonrpc client sends: JSON-RPC 1.0, a method alias, params as an array.
                JsonNode goAnswer = raw.call("{\"method\":\"Hawkeye.Record\",\"params\":[{\"key\":\"e2e.errors\"}],\"id\":1}");
                assertThat(goAnswer.has("jsonrpc")).as(goAnswer.toString()).isFalse();
                assertThat(goAnswer.path("id").asInt()).isEqualTo(1);
                assertThat(goAnswer.get("error").isNull()).as(goAnswer.toString()).isTrue();
                assertThat(goAnswer.path("result").path("accepted").asInt()).as(goAnswer.toString()).isEqualTo(1);

                Thread.sleep(500);
            }
        }

        String firing = hawkeye.awaitStdoutLine(line -> line.contains("FIRING"), Duration.ofSeconds(1));
        assertThat(firing).contains("e2e.errors");
        String resolved = hawkeye.awaitStdoutLine(line -> line.contains("RESOLVED"), Duration.ofSeconds(15));
        assertThat(resolved).contains("e2e.errors");

        assertThat(hawkeye.stdout()).as("standard output holds only the notifications: " + hawkeye.describe())
                .allMatch(line -> line.contains("FIRING") || line.contains("RESOLVED"));
        assertThat(hawkeye.stdout()).filteredOn(line -> line.contains("FIRING")).as(hawkeye.describe()).hasSize(1);
        assertThat(hawkeye.stdout()).filteredOn(line -> line.contains("RESOLVED")).as(hawkeye.describe()).hasSize(1);
    }
}
