package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesInfo;
import dev.hawkeye.api.transport.StoreHealth;
import dev.hawkeye.client.ClientStatus;
import dev.hawkeye.client.MonitorState;
import dev.hawkeye.client.QueryGroups;
import dev.hawkeye.client.SeriesListing;
import dev.hawkeye.core.config.Environment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line in process: exit codes and what goes to which stream. */
class HawkeyeCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    @Test
    void withoutACommandItIsAUsageError() {
        assertThat(execute()).isEqualTo(2);
        assertThat(err.toString()).contains("a command is required").contains("Usage: hawkeye");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertThat(execute("frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("frobnicate");
    }

    @Test
    void helpListsEveryCommand() {
        assertThat(execute("--help")).isEqualTo(0);
        assertThat(out.toString()).contains("run", "server", "agent", "send", "query", "series", "status", "check", "plugins");
    }

    @Test
    void checkPrintsEveryProblemOfAnInvalidConfigToStandardErrorAndExitsWithTwo() throws IOException {
        Path config = Files.writeString(dir.resolve("bad.yaml"), """
                run_every: 5
                monitors:
                  - key: api.errors
                    interval: soon
                    triggers:
                      - treshold: 100
                """);

        assertThat(execute("check", config.toString())).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("bad.yaml:4:").contains("interval").contains("bad.yaml:6:").contains("treshold");
    }

    @Test
    void checkRefusesTheVersion2MistakesWithTheirLocationsAndExitsWithTwo() throws IOException {
        Path config = Files.writeString(dir.resolve("v2.yaml"), """
                version: 2
                notifiers:
                  mail: {type: console}
                monitors:
                  - name: checkout-errors
                    metric: api.errors
                    aggregate: count
                    window: -5m
                    triggers:
                      - {level: warning, when: "> abc", notify: [{via: mial}]}
                  - name: latency
                    metric: api.latency
                    aggregate: p99
                    window: 1m
                    for: 5m
                    triggers:
                      - {level: slow, when: "> 0.5", notify: [mail]}
                """);

        assertThat(execute("check", config.toString())).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains(
                "v2.yaml:8:13: monitors[0].window: expected a positive duration such as 30s, 5m or 1h, got '-5m'",
                "v2.yaml:10:32: monitors[0].triggers[0].when: expected a comparison",
                "v2.yaml:10:56: monitors[0].triggers[0].notify[0].via: no notifier named 'mial'; defined: mail (did you mean 'mail'?)",
                "v2.yaml:15:10: monitors[1].for: 'for' (5m (monitors[1].for)) must not be longer than the window",
                "hawkeye check: 4 problems in the configuration");
    }

    @Test
    void checkPrintShowsAVersion1FileAsTheVersion2FileThatMeansTheSame() throws IOException {
        Path config = Files.writeString(dir.resolve("v1.yaml"), """
                run_every: 10
                monitors:
                  - key: api.errors
                    interval: 60
                    triggers:
                      - threshold: 1000
                        recipients: [cto@example.com]
                      - threshold: 100
                        recipients: [oncall@example.com]
                """);

        assertThat(execute("check", "--print", config.toString())).as(err.toString()).isEqualTo(0);

        String printed = out.toString();
        assertThat(printed).startsWith("# " + config + " as version 2").contains("version: 2", "  console:\n    type: console",
                "  - name: api.errors", "    window: 1m", "    repeat_every: 10m", "      - level: threshold-100",
                "        when: '>= 100'", "          - via: console", "      - level: threshold-1000");
        assertThat(printed.indexOf("threshold-100\n")).isLessThan(printed.indexOf("threshold-1000"));
        Path reprinted = Files.writeString(dir.resolve("printed.yaml"), printed);
        out.getBuffer().setLength(0);
        assertThat(execute("check", reprinted.toString())).as(err.toString()).isEqualTo(0);
        assertThat(out.toString()).startsWith("OK: 1 monitor, notifiers console, store memory");
    }

    @Test
    void statusAsJsonHoldsEveryMonitorWithNullsForWhatIsNotKnown() throws IOException {
        ClientStatus status = new ClientStatus(List.of(
                new MonitorState("checkout-errors", "FIRING", "critical", OptionalDouble.of(1204), "count(api.errors) over 5m",
                        Instant.parse("2026-11-25T12:00:05Z"), Instant.parse("2026-11-25T12:00:06Z")),
                new MonitorState("latency", "UNKNOWN", null, OptionalDouble.empty(), "p99(api.latency) over 1m", null, null)),
                Map.of("points.accepted", 12L, "notifications.failed", 0L));

        JsonNode json = new ObjectMapper().readTree(StatusCommand.toJson(status));

        assertThat(json.path("monitors")).hasSize(2);
        JsonNode firing = json.path("monitors").get(0);
        assertThat(firing.path("name").asText()).isEqualTo("checkout-errors");
        assertThat(firing.path("state").asText()).isEqualTo("FIRING");
        assertThat(firing.path("level").asText()).isEqualTo("critical");
        assertThat(firing.path("value").asDouble()).isEqualTo(1204);
        assertThat(firing.path("condition").asText()).isEqualTo("count(api.errors) over 5m");
        assertThat(firing.path("since").asText()).isEqualTo("2026-11-25T12:00:05Z");
        assertThat(firing.path("last_notified").asText()).isEqualTo("2026-11-25T12:00:06Z");
        JsonNode unknown = json.path("monitors").get(1);
        assertThat(List.of(unknown.get("level"), unknown.get("value"), unknown.get("since"), unknown.get("last_notified")))
                .allMatch(JsonNode::isNull);
        assertThat(json.path("counters").path("points.accepted").asLong()).isEqualTo(12);
        assertThat(json.path("counters").path("notifications.failed").asLong()).isZero();
        assertThat(json.path("store").path("available").asBoolean()).isTrue();
        assertThat(List.of(json.path("store").get("since"), json.path("store").get("reason"))).allMatch(JsonNode::isNull);
    }

    @Test
    void statusAsJsonSaysSinceWhenAndWhyTheStoreIsUnavailable() throws IOException {
        ClientStatus status = new ClientStatus(List.of(), Map.of(), StoreHealth.unavailable(Instant.parse("2026-11-25T12:00:05Z"),
                "redis write failed at redis://:***@db:6379/0: Connection refused"));

        JsonNode json = new ObjectMapper().readTree(StatusCommand.toJson(status));

        assertThat(json.path("store").path("available").asBoolean(true)).isFalse();
        assertThat(json.path("store").path("since").asText()).isEqualTo("2026-11-25T12:00:05Z");
        assertThat(json.path("store").path("reason").asText()).isEqualTo("redis write failed at redis://:***@db:6379/0: Connection refused");
    }

    @Test
    void aMissingConfigFileIsAConfigurationError() {
        assertThat(execute("check", dir.resolve("absent.yaml").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("absent.yaml");
    }

    @Test
    void sendWithoutAValueForAGaugeIsAUsageError() {
        assertThat(execute("send", "queue.depth", "--type", "gauge", "--socket", dir.resolve("none.sock").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("a gauge needs a VALUE");
    }

    @Test
    void queryWithAWindowThatIsNotADurationIsAUsageError() {
        assertThat(execute("query", "api.errors", "--aggregate", "count", "--window", "soon",
                "--socket", dir.resolve("none.sock").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--window").contains("soon");
    }

    @Test
    void queryOrSeriesWithATagThatIsNotNameEqualsValueIsAUsageError() {
        assertThat(execute("query", "api.errors", "--aggregate", "count", "--window", "5m", "--tag", "web-1",
                "--socket", dir.resolve("none.sock").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--tag must be NAME=VALUE").contains("'web-1'");
        err.getBuffer().setLength(0);
        assertThat(execute("series", "--tag", "=web-1", "--socket", dir.resolve("none.sock").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--tag must be NAME=VALUE").contains("'=web-1'");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aTagMatcherWithAnEmptyValueOrANegationAmongSeveralValuesIsAUsageError() {
        assertThat(execute("query", "api.errors", "--aggregate", "count", "--window", "5m", "--tag", "host=",
                "--socket", dir.resolve("none.sock").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("a matcher of tag 'host' has an empty value; write \"*\" for any value");
        err.getBuffer().setLength(0);
        assertThat(execute("series", "--tag", "stage=!", "--socket", dir.resolve("none.sock").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("a matcher of tag 'stage' has an empty value");
        err.getBuffer().setLength(0);
        assertThat(execute("series", "--tag", "stage=beta", "--tag", "stage=!canary", "--socket", dir.resolve("none.sock").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("'!canary' in a list of values of tag 'stage'");
    }

    @Test
    void queryByATagItsMatcherNegatesIsAUsageError() {
        assertThat(execute("query", "api.errors", "--aggregate", "count", "--window", "5m", "--tag", "stage=!canary", "--by", "stage",
                "--socket", dir.resolve("none.sock").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("cannot group by tag 'stage'").contains("stage!=canary");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void seriesWithAWindowThatIsNotADurationIsAUsageError() {
        assertThat(execute("series", "api.errors", "--window", "0s", "--socket", dir.resolve("none.sock").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--window must be a duration").contains("'0s'");
    }

    @Test
    void queryAsJsonIsTheValueWithoutByAndEachGroupWithIt() throws IOException {
        QueryGroups groups = new QueryGroups(List.of(
                new QueryGroups.Group(Map.of("host", "web-1"), OptionalDouble.of(42)),
                new QueryGroups.Group(Map.of("host", "web-2"), OptionalDouble.empty())), 3);

        JsonNode grouped = new ObjectMapper().readTree(QueryCommand.toJson(groups, true));
        JsonNode merged = new ObjectMapper().readTree(QueryCommand.toJson(
                new QueryGroups(List.of(new QueryGroups.Group(Map.of(), OptionalDouble.of(7))), 0), false));

        assertThat(grouped).isEqualTo(new ObjectMapper().readTree(
                "{\"groups\":[{\"tags\":{\"host\":\"web-1\"},\"value\":42.0},{\"tags\":{\"host\":\"web-2\"},\"value\":null}],"
                        + "\"groups_left_out\":3}"));
        assertThat(merged).isEqualTo(new ObjectMapper().readTree("{\"value\":7.0}"));
    }

    @Test
    void seriesAsJsonHoldsEachSeriesWithItsTypeAndLastPoint() throws IOException {
        SeriesListing listing = new SeriesListing(List.of(new SeriesInfo(Series.of("api.errors", Map.of("host", "web-1")),
                MetricType.COUNTER, Instant.parse("2026-11-25T12:00:05Z"), 3)), false);

        JsonNode json = new ObjectMapper().readTree(SeriesCommand.toJson(listing));

        assertThat(json).isEqualTo(new ObjectMapper().readTree("{\"series\":[{\"key\":\"api.errors\",\"tags\":{\"host\":\"web-1\"},"
                + "\"type\":\"counter\",\"last_point_at\":\"2026-11-25T12:00:05Z\",\"last_value\":3.0}],\"truncated\":false}"));
    }

    private int execute(String... args) {
        CommandLine commandLine = HawkeyeCli.commandLine(() -> new Environment(Map.of()));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
