package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hawkeye.client.HawkeyeClient;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code send}, {@code query}, {@code series} and {@code status} against a running {@code hawkeye run}. */
class ToolCommandsIT {
    @RegisterExtension
    final Distribution distribution = new Distribution();
    private HawkeyeProcess hawkeye;
    private String socket;

    @BeforeEach
    void startHawkeye() throws Exception {
        socket = distribution.socket().toString();
        hawkeye = distribution.start("run", "--config", distribution.writeConfig("monitors.yaml", AlertEndToEndIT.CONFIG).toString(),
                "--socket", socket);
        Processes.awaitPing(hawkeye, distribution.socket());
    }

    @Test
    void sendRecordsAPointThatQueryThenReads() throws Exception {
        HawkeyeProcess.Result sent = distribution.run("send", "e2e.latency", "12.5", "--type", "gauge", "--tag", "host=a", "--socket", socket);
        assertThat(sent.exitCode()).as(sent.toString()).isEqualTo(0);
        assertThat(sent.stdoutText()).contains("e2e.latency{host=a}").contains("12.5");

        // The point reaches the store with the aggregator's next flush (every second).
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HawkeyeProcess.Result query = distribution.run("query", "e2e.latency", "--aggregate", "last", "--window", "1m",
                    "--tag", "host=a", "--socket", socket);
            assertThat(query.exitCode()).as(query.toString()).isEqualTo(0);
            assertThat(query.stdout()).as(query.toString()).containsExactly("12.5");
        });
    }

    @Test
    void sendWithRepeatRecordsThePointThatManyTimes() throws Exception {
        HawkeyeProcess.Result sent = distribution.run("send", "e2e.burst", "--repeat", "6", "--socket", socket);
        assertThat(sent.exitCode()).as(sent.toString()).isEqualTo(0);
        assertThat(sent.stdoutText()).contains("e2e.burst 1 (counter) 6 times");

        Awaitility.await().atMost(Duration.ofSeconds(15)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HawkeyeProcess.Result query = distribution.run("query", "e2e.burst", "--aggregate", "count", "--window", "1m",
                    "--socket", socket);
            assertThat(query.stdout()).as(query.toString()).containsExactly("6");
        });
        HawkeyeProcess.Result tooMany = distribution.run("send", "e2e.burst", "--repeat", "0", "--socket", socket);
        assertThat(tooMany.exitCode()).as(tooMany.toString()).isEqualTo(2);
        assertThat(tooMany.stderrText()).contains("--repeat must be from 1 to");
    }

    @Test
    void queryMatchesTagsAndWithByPrintsOneLinePerGroupSortedByItsTags() throws Exception {
        sendRequests();

        Awaitility.await().atMost(Duration.ofSeconds(15)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HawkeyeProcess.Result all = distribution.run("query", "e2e.requests", "--aggregate", "count", "--window", "1m",
                    "--socket", socket);
            assertThat(all.stdout()).as(all.toString()).containsExactly("18");
        });
        HawkeyeProcess.Result grouped = distribution.run("query", "e2e.requests", "--aggregate", "count", "--window", "1m",
                "--tag", "host=web-*", "--tag", "stage=!canary", "--by", "region", "--by", "host", "--socket", socket);
        HawkeyeProcess.Result anyRegion = distribution.run("query", "e2e.requests", "--aggregate", "count", "--window", "1m",
                "--tag", "region=eu-west", "--tag", "region=eu-north", "--socket", socket);
        HawkeyeProcess.Result asJson = distribution.run("query", "e2e.requests", "--aggregate", "count", "--window", "1m",
                "--tag", "stage=*", "--by", "host", "--json", "--socket", socket);

        assertThat(grouped.exitCode()).as(grouped.toString()).isEqualTo(0);
        assertThat(grouped.stdout()).as(grouped.toString()).containsExactly(
                "region=eu-north host=web-2  4",
                "region=eu-west host=web-1   3");
        assertThat(anyRegion.stdout()).as(anyRegion.toString()).containsExactly("13");
        assertThat(new ObjectMapper().readTree(asJson.stdoutText())).as(asJson.toString()).isEqualTo(new ObjectMapper().readTree(
                "{\"groups\":[{\"tags\":{\"host\":\"web-2\"},\"value\":5.0}],\"groups_left_out\":0}"));
    }

    @Test
    void seriesListsOneLinePerSeriesWithItsTypeAndLastPoint() throws Exception {
        sendRequests();

        Awaitility.await().atMost(Duration.ofSeconds(15)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HawkeyeProcess.Result listed = distribution.run("series", "e2e.requests", "--tag", "region=eu-*", "--socket", socket);
            assertThat(listed.exitCode()).as(listed.toString()).isEqualTo(0);
            assertThat(listed.stdout()).as(listed.toString()).hasSize(3);
            assertThat(listed.stdout().get(0)).as(listed.toString())
                    .matches("e2e\\.requests\\{host=db-1,region=eu-west\\}\\s+counter\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\s+6");
            assertThat(listed.stdout().get(1)).startsWith("e2e.requests{host=web-1,region=eu-west} ").endsWith(" 3");
            assertThat(listed.stdout().get(2)).startsWith("e2e.requests{host=web-2,region=eu-north} ").endsWith(" 4");
        });
        HawkeyeProcess.Result everyKey = distribution.run("series", "--json", "--socket", socket);
        HawkeyeProcess.Result none = distribution.run("series", "e2e.never", "--socket", socket);

        JsonNode json = new ObjectMapper().readTree(everyKey.stdoutText());
        assertThat(json.path("series")).as(everyKey.toString()).hasSize(4);
        assertThat(json.path("series").get(3).path("tags").path("stage").asText()).isEqualTo("canary");
        assertThat(json.path("series").get(3).path("type").asText()).isEqualTo("counter");
        assertThat(json.path("truncated").asBoolean(true)).isFalse();
        assertThat(none.stdout()).as(none.toString()).containsExactly("no series");
    }

    @Test
    void aQueryByANegatedTagOrWithAnEmptyMatcherIsAUsageError() throws Exception {
        HawkeyeProcess.Result negated = distribution.run("query", "e2e.requests", "--aggregate", "count", "--window", "1m",
                "--tag", "stage=!canary", "--by", "stage", "--socket", socket);
        HawkeyeProcess.Result empty = distribution.run("series", "--tag", "host=", "--socket", socket);

        assertThat(negated.exitCode()).as(negated.toString()).isEqualTo(2);
        assertThat(negated.stderrText()).contains("cannot group by tag 'stage'");
        assertThat(empty.exitCode()).as(empty.toString()).isEqualTo(2);
        assertThat(empty.stderrText()).contains("a matcher of tag 'host' has an empty value");
        assertThat(negated.stdout()).isEmpty();
    }

    /** 18 requests over four series of {@code e2e.requests}, one of them a canary. */
    private void sendRequests() {
        try (HawkeyeClient client = HawkeyeClient.connect(distribution.socket())) {
            client.count("e2e.requests", 3, "host", "web-1", "region", "eu-west");
            client.count("e2e.requests", 4, "host", "web-2", "region", "eu-north");
            client.count("e2e.requests", 5, "host", "web-2", "region", "us-east", "stage", "canary");
            client.count("e2e.requests", 6, "host", "db-1", "region", "eu-west");
            assertThat(client.flush()).isTrue();
        }
    }

    @Test
    void statusShowsTheMonitorsAsATableAndTheCountersThatAreNotZero() throws Exception {
        assertThat(distribution.run("send", "e2e.errors", "--socket", socket).exitCode()).isEqualTo(0);

        HawkeyeProcess.Result status = distribution.run("status", "--socket", socket);

        assertThat(status.exitCode()).as(status.toString()).isEqualTo(0);
        assertThat(status.stdout().get(0)).as(status.toString())
                .startsWith("MONITOR").contains("STATE", "LEVEL", "VALUE", "CONDITION", "SINCE", "LAST NOTIFIED");
        assertThat(status.stdout()).as(status.toString())
                .anyMatch(line -> line.matches("e2e\\.errors\\s+(OK|UNKNOWN)\\s+.*count\\(e2e\\.errors\\) over 2s.*"))
                .contains("")
                .anyMatch(line -> line.matches("COUNTER\\s+VALUE"))
                .anyMatch(line -> line.matches("points\\.accepted\\s+1"))
                .noneMatch(line -> line.matches("\\S+\\s+0"));
    }

    @Test
    void statusAsJsonIsOneDocumentOfEveryMonitorAndCounter() throws Exception {
        assertThat(distribution.run("send", "e2e.errors", "--socket", socket).exitCode()).isEqualTo(0);

        HawkeyeProcess.Result status = distribution.run("status", "--json", "--socket", socket);

        assertThat(status.exitCode()).as(status.toString()).isEqualTo(0);
        JsonNode json = new ObjectMapper().readTree(status.stdoutText());
        assertThat(json.path("monitors")).as(status.toString()).hasSize(1);
        JsonNode monitor = json.path("monitors").get(0);
        assertThat(monitor.path("name").asText()).isEqualTo("e2e.errors");
        assertThat(monitor.path("state").asText()).isIn("OK", "UNKNOWN");
        assertThat(monitor.path("condition").asText()).isEqualTo("count(e2e.errors) over 2s");
        assertThat(monitor.has("level") && monitor.has("value") && monitor.has("since") && monitor.has("last_notified")).isTrue();
        assertThat(json.path("counters").path("points.accepted").asLong()).isEqualTo(1);
    }

    @Test
    void aQueryTheServerRefusesIsAUsageError() throws Exception {
        HawkeyeProcess.Result query = distribution.run("query", "e2e.errors", "--aggregate", "median", "--window", "1m", "--socket", socket);

        assertThat(query.exitCode()).as(query.toString()).isEqualTo(2);
        assertThat(query.stdout()).isEmpty();
        assertThat(query.stderrText()).as(query.toString()).contains("median");
    }
}
