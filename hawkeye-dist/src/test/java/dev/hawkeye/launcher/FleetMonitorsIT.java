package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hawkeye.client.HawkeyeClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code bin/hawkeye run} with a grouped monitor over 3 hosts × 2 services, and a ratio by region:
 * one alert instance per failing host, each firing and resolving once, and the ratio firing only
 * for the region whose error rate is high.
 */
class FleetMonitorsIT {
    private static final String CONFIG = """
            version: 2
            notifiers:
              pager: {type: console}
            defaults: {window: 2s, evaluate_every: 1s, repeat_every: 1h}
            monitors:
              - name: host-errors
                metric: fleet.errors
                tags: {service: checkout}
                aggregate: count
                group_by: [host]
                triggers: [{level: warning, when: ">= 3", notify: [pager]}]
              - name: error-rate
                queries:
                  errors:   {metric: fleet.requests, tags: {status: "5*"}, aggregate: count}
                  requests: {metric: fleet.requests, aggregate: count}
                value: "errors / requests * 100"
                group_by: [region]
                triggers: [{level: warning, when: "> 5", notify: [pager]}]
            """;

    @RegisterExtension
    final Distribution distribution = new Distribution();

    @Test
    void eachFailingHostFiresAndResolvesOnceAndTheRatioFiresForItsRegionOnly() throws Exception {
        HawkeyeProcess hawkeye = distribution.start("run", "--config", distribution.writeConfig("monitors.yaml", CONFIG).toString(),
                "--socket", distribution.socket().toString());
        Processes.awaitPing(hawkeye, distribution.socket());

        try (HawkeyeClient client = HawkeyeClient.connect(distribution.socket())) {
            Instant deadline = Instant.now().plusSeconds(20);
            while (firing(hawkeye).size() < 3) {
                assertThat(Instant.now()).as(hawkeye.describe()).isBefore(deadline);
                for (String host : List.of("web-1", "web-2", "web-3")) {
                    client.count("fleet.errors", host.equals("web-3") ? 0 : 4, "service", "checkout", "host", host);
                    client.count("fleet.errors", 4, "service", "search", "host", host);
                }
                client.count("fleet.requests", 90, "region", "eu", "status", "200");
                client.count("fleet.requests", 10, "region", "eu", "status", "503");
                client.count("fleet.requests", 98, "region", "us", "status", "200");
                client.count("fleet.requests", 2, "region", "us", "status", "500");
                assertThat(client.flush(Duration.ofSeconds(5))).isTrue();
                Thread.sleep(500);
            }
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> lines(hawkeye, "RESOLVED").size() >= 3);

        assertThat(firing(hawkeye)).as(hawkeye.describe()).hasSize(3)
                .anyMatch(line -> line.contains("FIRING host-errors{host=web-1}"))
                .anyMatch(line -> line.contains("FIRING host-errors{host=web-2}"))
                .anyMatch(line -> line.contains("FIRING error-rate{region=eu}"));
        assertThat(lines(hawkeye, "RESOLVED")).as(hawkeye.describe()).hasSize(3)
                .anyMatch(line -> line.contains("RESOLVED host-errors{host=web-1}"))
                .anyMatch(line -> line.contains("RESOLVED host-errors{host=web-2}"))
                .anyMatch(line -> line.contains("RESOLVED error-rate{region=eu}"));
        HawkeyeProcess.Result status = distribution.run("status", "--socket", distribution.socket().toString());
        assertThat(status.stdoutText()).as(status.toString()).contains("host-errors{host=web-3}", "error-rate{region=us}");
    }

    private static List<String> firing(HawkeyeProcess hawkeye) {
        return lines(hawkeye, "FIRING");
    }

    private static List<String> lines(HawkeyeProcess hawkeye, String kind) {
        return hawkeye.stdout().stream().filter(line -> line.contains(kind + " ")).toList();
    }
}
