package dev.hawkeye.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.metric.TagMatcher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Loading valid version 2 files into the model. Bad input: {@link Version2ProblemsTest}. */
class Version2ConfigTest {
    private static final String SOURCE = "monitors.yaml";
    private static final PluginConfig.Locator NOWHERE = keyPath -> "";

    @Test
    void translatesTheDesignExampleIntoTheModel() {
        Environment environment = new Environment(Map.of("SMTP_HOST", "smtp.example.com", "SMTP_USERNAME", "hawkeye",
                "SMTP_PASSWORD", "secret", "SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T/B/X"));

        HawkeyeConfig config = parse(environment, """
                version: 2
                store: {type: redis, url: "${REDIS_URL:-redis://localhost:6379}"}
                notifiers:
                  mail:  {type: email, host: "${SMTP_HOST}", port: 587, starttls: true,
                          username: "${SMTP_USERNAME}", password: "${SMTP_PASSWORD}", from: hawkeye@example.com}
                  ops:   {type: slack, webhook_url: "${SLACK_WEBHOOK_URL}"}
                defaults: {evaluate_every: 30s, repeat_every: 1h}
                monitors:
                  - name: checkout-errors
                    metric: api.errors
                    tags: {service: checkout}
                    aggregate: count
                    window: 5m
                    for: 1m
                    triggers:
                      - level: warning
                        when: "> 100"
                        notify: [{via: mail, to: [oncall@example.com]}]
                      - level: critical
                        when: ">= 1000"
                        notify: [{via: ops}, {via: mail, to: [cto@example.com]}]
                """);

        HawkeyeConfig expected = new HawkeyeConfig(SOURCE,
                section("store", Map.of("type", "redis", "url", "redis://localhost:6379")),
                List.of(section("transport", Map.of("type", "unix"))),
                section("http", Map.of("type", "http")),
                Map.of("mail", section("notifiers.mail", Map.of("type", "email", "host", "smtp.example.com", "port", 587,
                                "starttls", true, "username", "hawkeye", "password", "secret", "from", "hawkeye@example.com")),
                        "ops", section("notifiers.ops", Map.of("type", "slack", "webhook_url", "https://hooks.slack.com/services/T/B/X"))),
                IngestSettings.DEFAULTS,
                List.of(new MonitorSpec("checkout-errors", List.of(new MonitorQuery(MonitorSpec.SINGLE_QUERY,
                        SeriesSelector.matching("api.errors", List.of(TagMatcher.equalTo("service", "checkout"))), Aggregate.COUNT)),
                        Formula.of(MonitorSpec.SINGLE_QUERY), List.of(), MonitorSpec.DEFAULT_MAX_GROUPS, Duration.ofHours(1),
                        Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofHours(1), List.of(
                        new TriggerSpec("warning", new Condition(Comparison.GREATER, 100),
                                List.of(route("mail", "monitors[0].triggers[0].notify[0]", Map.of("to", List.of("oncall@example.com"))))),
                        new TriggerSpec("critical", new Condition(Comparison.GREATER_OR_EQUAL, 1000), List.of(
                                route("ops", "monitors[0].triggers[1].notify[0]", Map.of()),
                                route("mail", "monitors[0].triggers[1].notify[1]", Map.of("to", List.of("cto@example.com")))))),
                        NoDataPolicy.OK)),
                List.of());
        assertThat(config).usingRecursiveComparison().ignoringFieldsMatchingRegexes(".*locator").isEqualTo(expected);
    }

    @Test
    void builtInDefaultsApplyWhenNeitherTheMonitorNorDefaultsSayOtherwise() {
        MonitorSpec monitor = parse("""
                version: 2
                monitors:
                  - {name: m, metric: a.b, aggregate: max, window: 1m, triggers: [{level: high, when: "> 1", notify: []}]}
                """).monitors().get(0);

        assertThat(monitor.evaluateEvery()).isEqualTo(Duration.ofSeconds(30));
        assertThat(monitor.holdFor()).isEqualTo(Duration.ZERO);
        assertThat(monitor.repeatEvery()).isEqualTo(Duration.ofHours(1));
        assertThat(monitor.noData()).isEqualTo(NoDataPolicy.OK);
        assertThat(monitor.triggers().get(0).routes()).isEmpty();
    }

    @Test
    void aMonitorsOwnSettingWinsOverDefaults() {
        HawkeyeConfig config = parse("""
                version: 2
                defaults: {window: 10m, evaluate_every: 1m, for: 2m, repeat_every: 30m, no_data: keep}
                monitors:
                  - {name: inherits, metric: a.b, aggregate: avg, triggers: [{level: high, when: "> 1", notify: []}]}
                  - name: overrides
                    metric: a.b
                    aggregate: avg
                    window: 30s
                    evaluate_every: 10s
                    for: 0s
                    repeat_every: never
                    no_data: alert
                    triggers: [{level: high, when: "> 1", notify: []}]
                """);

        MonitorSpec inherits = config.monitors().get(0);
        MonitorSpec overrides = config.monitors().get(1);
        assertThat(List.of(inherits.window(), inherits.evaluateEvery(), inherits.holdFor(), inherits.repeatEvery()))
                .containsExactly(Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(30));
        assertThat(inherits.noData()).isEqualTo(NoDataPolicy.KEEP);
        assertThat(List.of(overrides.window(), overrides.evaluateEvery(), overrides.holdFor(), overrides.repeatEvery()))
                .containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ZERO, Duration.ZERO);
        assertThat(overrides.noData()).isEqualTo(NoDataPolicy.ALERT);
    }

    @Test
    void triggersKeepTheOrderTheyAreWrittenInLeastSevereFirst() {
        MonitorSpec monitor = parse("""
                version: 2
                monitors:
                  - name: free-disk
                    metric: disk.free_ratio
                    aggregate: last
                    window: 5m
                    triggers:
                      - {level: low, when: "< 0.2", notify: []}
                      - {level: very-low, when: "<= 0.05", notify: []}
                      - {level: empty, when: "== 0", notify: []}
                """).monitors().get(0);

        assertThat(monitor.triggers()).extracting(TriggerSpec::level).containsExactly("low", "very-low", "empty");
        assertThat(monitor.triggers()).extracting(trigger -> trigger.condition().toString())
                .containsExactly("< 0.2", "<= 0.05", "== 0");
    }

    @Test
    void everyComparisonIsReadWithOrWithoutSpaces() {
        MonitorSpec monitor = parse("""
                version: 2
                monitors:
                  - name: m
                    metric: a.b
                    aggregate: sum
                    window: 1m
                    triggers:
                      - {level: a, when: ">1", notify: []}
                      - {level: b, when: ">=  -2.5", notify: []}
                      - {level: c, when: "<1e3", notify: []}
                      - {level: d, when: " <= 4 ", notify: []}
                      - {level: e, when: "== 5", notify: []}
                      - {level: f, when: "!= 6", notify: []}
                """).monitors().get(0);

        assertThat(monitor.triggers()).extracting(TriggerSpec::condition).containsExactly(
                new Condition(Comparison.GREATER, 1), new Condition(Comparison.GREATER_OR_EQUAL, -2.5),
                new Condition(Comparison.LESS, 1000), new Condition(Comparison.LESS_OR_EQUAL, 4),
                new Condition(Comparison.EQUAL, 5), new Condition(Comparison.NOT_EQUAL, 6));
    }

    @Test
    void routeSettingsGoToTheNotifierAndAreLocatedInTheFile() {
        HawkeyeConfig config = parse("""
                version: 2
                notifiers:
                  ops: {type: console}
                monitors:
                  - name: m
                    metric: a.b
                    aggregate: count
                    window: 1m
                    triggers:
                      - level: high
                        when: "> 1"
                        notify:
                          - via: ops
                            channel: "#ops"
                            to: [a@example.com]
                          - ops
                """);

        List<NotifyRoute> routes = config.monitors().get(0).triggers().get(0).routes();
        assertThat(routes).extracting(NotifyRoute::via).containsExactly("ops", "ops");
        assertThat(routes.get(0).settings().asMap()).containsExactly(Map.entry("channel", "#ops"),
                Map.entry("to", List.of("a@example.com")));
        assertThat(routes.get(0).settings().problem("to", "bad address").location()).isEqualTo("monitors.yaml:15:13");
        assertThat(routes.get(0).settings().problem("to", "bad address").keyPath()).isEqualTo("monitors[0].triggers[0].notify[0].to");
        assertThat(routes.get(1).settings().asMap()).isEmpty();
    }

    @Test
    void storeTransportAndIngestSectionsAreReadAsWritten() {
        HawkeyeConfig config = parse("""
                version: 2
                store: {type: memory, retention: 2h}
                transport: {type: unix, path: /run/hawkeye.sock, mode: "0660"}
                ingest: {resolution: 10s, flush_every: 5s, max_pending_batches: 20, max_pending_buckets: 5000, max_series: 500,
                         max_point_age: 6h}
                monitors: []
                """);

        assertThat(config.store().asMap()).containsExactly(Map.entry("type", "memory"), Map.entry("retention", "2h"));
        assertThat(config.store().problem("retention", "too long").location()).isEqualTo("monitors.yaml:2:23");
        assertThat(config.transports().get(0).asMap()).containsEntry("path", "/run/hawkeye.sock").containsEntry("mode", "0660");
        assertThat(config.ingest()).isEqualTo(new IngestSettings(Duration.ofSeconds(10), Duration.ofSeconds(5), 20, 500,
                Duration.ofHours(6), 5000));
        assertThat(config.notifiers()).isEmpty();
    }

    @Test
    void transportTakesAListOfSectionsOneOfEachType() {
        HawkeyeConfig config = parse("""
                version: 2
                transport:
                  - {type: unix, path: /run/hawkeye.sock}
                  - {type: statsd, udp: "127.0.0.1:8125"}
                monitors: []
                """);

        assertThat(config.transports()).extracting(section -> section.type().orElseThrow()).containsExactly("unix", "statsd");
        assertThat(config.transports().get(1).problem("udp", "taken").toString())
                .isEqualTo("monitors.yaml:4:20: transport[1].udp: taken");
    }

    @Test
    void aSecondTransportOfATypeOrAnEmptyListIsAnError() {
        assertThatThrownBy(() -> parse("""
                version: 2
                transport:
                  - {type: statsd, udp: "127.0.0.1:8125"}
                  - {type: statsd, udp: "127.0.0.1:8126"}
                monitors: []
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("monitors.yaml:4:5: transport[1]:")
                .hasMessageContaining("a second transport of type statsd (the first is at line 3)");
        assertThatThrownBy(() -> parse("""
                version: 2
                transport: []
                monitors: []
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("monitors.yaml:2:12")
                .hasMessageContaining("expected at least one transport");
    }

    @Test
    void maxPendingBucketsDefaultsToAMillionWhenTheIngestSectionLeavesItOut() {
        HawkeyeConfig config = parse("""
                version: 2
                ingest: {max_pending_batches: 20}
                monitors: []
                """);

        assertThat(config.ingest().maxPendingBuckets()).isEqualTo(IngestSettings.DEFAULT_MAX_PENDING_BUCKETS).isEqualTo(1_000_000);
        assertThat(config.ingest().maxPendingBatches()).isEqualTo(20);
        assertThat(IngestSettings.DEFAULTS.maxPendingBuckets()).isEqualTo(1_000_000);
    }

    @Test
    void aggregatesAreReadByTheirWireNames() {
        for (Aggregate aggregate : Aggregate.values()) {
            MonitorSpec monitor = parse("""
                    version: 2
                    monitors:
                      - {name: m, metric: a.b, aggregate: %s, window: 1m, triggers: [{level: high, when: "> 1", notify: []}]}
                    """.formatted(aggregate.wireName())).monitors().get(0);

            assertThat(monitor.queries().get(0).aggregate()).isEqualTo(aggregate);
        }
    }

    @Test
    void settingsThatAreAllowedButProbablyNotMeantAreWarnedAbout() {
        HawkeyeConfig config = parse("""
                version: 2
                monitors:
                  - name: sparse
                    metric: a.b
                    aggregate: count
                    window: 1m
                    evaluate_every: 5m
                    no_data: alert
                    triggers:
                      - {level: warning, when: "> 100", notify: []}
                      - {level: critical, when: "> 10", notify: []}
                """);

        assertThat(config.warnings()).containsExactly(
                "monitors.yaml:3:5: monitors[0]: evaluate_every (5m) is longer than the window (1m):"
                        + " what happens between two windows is never looked at",
                "monitors.yaml:3:5: monitors[0]: no_data: alert has no effect with aggregate count: an empty window counts 0"
                        + " (to alert on silence, use e.g. when: \"< 1\")",
                "monitors.yaml:3:5: monitors[0]: trigger 'warning' (> 100) can never be the level: every value that breaches it"
                        + " also breaches 'critical' (> 10), which is listed after it; list triggers least severe first");
    }

    @Test
    void aConditionImpliesAnotherWhenEveryValueBreachingItBreachesTheOther() {
        assertThat(Version2Translator.implies(new Condition(Comparison.GREATER, 100), new Condition(Comparison.GREATER_OR_EQUAL, 100))).isTrue();
        assertThat(Version2Translator.implies(new Condition(Comparison.GREATER_OR_EQUAL, 100), new Condition(Comparison.GREATER, 100))).isFalse();
        assertThat(Version2Translator.implies(new Condition(Comparison.GREATER, 100), new Condition(Comparison.GREATER, 1000))).isFalse();
        assertThat(Version2Translator.implies(new Condition(Comparison.LESS, 0.1), new Condition(Comparison.LESS, 0.2))).isTrue();
        assertThat(Version2Translator.implies(new Condition(Comparison.EQUAL, 0), new Condition(Comparison.LESS, 0.2))).isTrue();
        assertThat(Version2Translator.implies(new Condition(Comparison.GREATER, 1), new Condition(Comparison.LESS, 5))).isFalse();
        assertThat(Version2Translator.implies(new Condition(Comparison.NOT_EQUAL, 1), new Condition(Comparison.NOT_EQUAL, 1))).isFalse();
    }

    @Test
    void variablesAreExpandedInVersion2FilesToo() {
        HawkeyeConfig config = parse(new Environment(Map.of("LIMIT", "250", "WINDOW", "2m")), """
                version: 2
                notifiers: {out: {type: console}}
                monitors:
                  - name: m
                    metric: a.b
                    aggregate: count
                    window: ${WINDOW}
                    triggers: [{level: high, when: "> ${LIMIT}", notify: [{via: out, to: "${ONCALL:-oncall@example.com}"}]}]
                """);

        MonitorSpec monitor = config.monitors().get(0);
        assertThat(monitor.window()).isEqualTo(Duration.ofMinutes(2));
        assertThat(monitor.triggers().get(0).condition()).isEqualTo(new Condition(Comparison.GREATER, 250));
        assertThat(monitor.triggers().get(0).routes().get(0).settings().stringList("to")).containsExactly("oncall@example.com");
    }

    private static HawkeyeConfig parse(String yaml) {
        return parse(new Environment(Map.of()), yaml);
    }

    private static HawkeyeConfig parse(Environment environment, String yaml) {
        return new ConfigLoader(environment).parse(yaml, SOURCE);
    }

    private static PluginConfig section(String path, Map<String, ?> values) {
        return PluginConfig.of(path, values, NOWHERE);
    }

    private static NotifyRoute route(String via, String path, Map<String, ?> settings) {
        return new NotifyRoute(via, section(path, settings));
    }
}
