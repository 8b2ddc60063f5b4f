package dev.hawkeye.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.Series;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading valid version 1 files into the model. Bad input: {@link ConfigLoaderProblemsTest}. */
class ConfigLoaderTest {
    private static final String SOURCE = "monitors.yaml";
    private static final PluginConfig.Locator NOWHERE = keyPath -> "";

    @TempDir
    Path dir;

    @Test
    void translatesAVersion1FileIntoTheModel() {
        String yaml = """
                run_every: 10
                monitors:
                  - key: api.errors
                    interval: 60
                    triggers:
                      - threshold: 1000
                        recipients: [cto@example.com]
                      - threshold: 100
                        recipients: oncall@example.com
                  - key: api.errors
                    interval: 30
                    triggers:
                      - threshold: 2.5
                        recipients:
                          - a@example.com
                          - b@example.com
                """;

        HawkeyeConfig config = new ConfigLoader(new Environment(Map.of())).parse(yaml, SOURCE);

        HawkeyeConfig expected = new HawkeyeConfig(SOURCE,
                section("store", Map.of("type", "memory")),
                List.of(section("transport", Map.of("type", "unix"))),
                section("http", Map.of("type", "http")),
                Map.of("console", section("notifiers.console", Map.of("type", "console"))),
                IngestSettings.DEFAULTS,
                List.of(
                        new MonitorSpec("api.errors", Series.of("api.errors"), Aggregate.COUNT, Duration.ofSeconds(60),
                                Duration.ofSeconds(60), Duration.ZERO, Duration.ofMinutes(10), List.of(
                                trigger("threshold-100", 100, "console", "monitors[0].triggers[1]", "oncall@example.com"),
                                trigger("threshold-1000", 1000, "console", "monitors[0].triggers[0]", "cto@example.com"))),
                        new MonitorSpec("api.errors#2", Series.of("api.errors"), Aggregate.COUNT, Duration.ofSeconds(30),
                                Duration.ofSeconds(30), Duration.ZERO, Duration.ofMinutes(10), List.of(
                                trigger("threshold-2.5", 2.5, "console", "monitors[1].triggers[0]", "a@example.com", "b@example.com")))),
                List.of("no SMTP settings (SMTP_HOST): notifications go to the console, no mail will be sent"));
        assertThat(config).usingRecursiveComparison().ignoringFieldsMatchingRegexes(".*locator").isEqualTo(expected);
    }

    @Test
    void runEveryDefaultsToFiveMinutes() {
        HawkeyeConfig config = parse(new Environment(Map.of()), """
                monitors:
                  - {key: jobs.failed, interval: 120, triggers: [{threshold: 1, recipients: ops@example.com}]}
                """);

        MonitorSpec monitor = config.monitors().get(0);
        assertThat(monitor.repeatEvery()).isEqualTo(Duration.ofMinutes(5));
        assertThat(monitor.window()).isEqualTo(Duration.ofSeconds(120));
        assertThat(monitor.evaluateEvery()).isEqualTo(Duration.ofSeconds(120));
        assertThat(monitor.triggers().get(0).condition()).hasToString(">= 1");
    }

    @Test
    void version1MayBeWrittenExplicitly() {
        HawkeyeConfig config = parse(new Environment(Map.of()), """
                version: 1
                monitors: []
                """);

        assertThat(config.monitors()).isEmpty();
    }

    @Test
    void anEmptyMonitorListIsAllowedWithAWarning() {
        HawkeyeConfig empty = parse(new Environment(Map.of()), "run_every: 5\nmonitors: []\n");
        HawkeyeConfig nothing = parse(new Environment(Map.of()), "run_every: 5\nmonitors:\n");

        assertThat(empty.monitors()).isEmpty();
        assertThat(empty.warnings()).contains("monitors.yaml:2:11: monitors is empty: nothing is watched");
        assertThat(nothing.warnings()).contains("monitors.yaml:2:10: monitors is empty: nothing is watched");
    }

    @Test
    void redisUrlSwitchesTheStoreToRedis() {
        HawkeyeConfig config = parse(new Environment(Map.of("REDIS_URL", "redis://cache:6379/2")), "monitors: []\n");

        assertThat(config.store().asMap()).containsExactly(Map.entry("type", "redis"), Map.entry("url", "redis://cache:6379/2"));
        assertThat(config.store().path()).isEqualTo("store");
    }

    @Test
    void smtpHostSwitchesNotificationsToEmailWithTheSmtpSettings() {
        Environment environment = new Environment(Map.of("SMTP_HOST", "mail.example.com", "SMTP_PORT", "2525",
                "SMTP_USERNAME", "hawkeye", "SMTP_PASSWORD", "secret", "SMTP_FROM", "hawkeye@example.com"));

        HawkeyeConfig config = parse(environment, """
                monitors:
                  - key: api.errors
                    interval: 60
                    triggers:
                      - threshold: 100
                        recipients: [oncall@example.com]
                """);

        assertThat(config.notifiers()).containsOnlyKeys("email");
        assertThat(config.notifiers().get("email").asMap()).containsExactly(
                Map.entry("type", "email"), Map.entry("host", "mail.example.com"), Map.entry("port", 2525),
                Map.entry("username", "hawkeye"), Map.entry("password", "secret"), Map.entry("from", "hawkeye@example.com"),
                Map.entry("starttls", true));
        NotifyRoute route = config.monitors().get(0).triggers().get(0).routes().get(0);
        assertThat(route.via()).isEqualTo("email");
        assertThat(route.settings().stringList("to")).containsExactly("oncall@example.com");
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void absentSmtpSettingsAreOmittedAndThePortDefaultsTo587() {
        HawkeyeConfig config = parse(new Environment(Map.of("SMTP_HOST", "mail.example.com", "SMTP_USERNAME", " ")),
                "monitors: []\n");

        assertThat(config.notifiers().get("email").asMap()).containsExactly(
                Map.entry("type", "email"), Map.entry("host", "mail.example.com"), Map.entry("port", 587),
                Map.entry("starttls", true));
    }

    @Test
    void expandsVariablesInValuesAndTypesPlainScalarsByTheirExpandedText() {
        Environment environment = new Environment(Map.of("ONCALL", "oncall@example.com", "LIMIT", "250"));

        HawkeyeConfig config = parse(environment, """
                run_every: ${RUN_EVERY:-15}
                monitors:
                  - key: ${METRIC:-api.errors}
                    interval: ${INTERVAL:-60}
                    triggers:
                      - threshold: ${LIMIT}
                        recipients: ["${ONCALL}", "ops$$team@example.com"]
                """);

        MonitorSpec monitor = config.monitors().get(0);
        assertThat(monitor.name()).isEqualTo("api.errors");
        assertThat(monitor.window()).isEqualTo(Duration.ofSeconds(60));
        assertThat(monitor.repeatEvery()).isEqualTo(Duration.ofMinutes(15));
        assertThat(monitor.triggers().get(0).level()).isEqualTo("threshold-250");
        assertThat(monitor.triggers().get(0).routes().get(0).settings().asMap())
                .containsEntry("to", List.of("oncall@example.com", "ops$team@example.com"));
    }

    @Test
    void treeValuesArePlainJavaValuesAfterExpansion() {
        Problems problems = new Problems();
        LocationIndex index = new LocationIndex(SOURCE);
        org.yaml.snakeyaml.nodes.Node document = new org.yaml.snakeyaml.Yaml().compose(new java.io.StringReader("""
                host: "${HOST}"
                port: ${PORT}
                big: 10000000000
                ratio: 0.5
                tls: true
                none: ~
                quoted: "42"
                when: 2024-01-01
                list: [a, 1]
                """));

        ConfigNode root = new TreeBuilder(new Environment(Map.of("HOST", "mail", "PORT", "25")), SOURCE, problems, index)
                .build(document);

        assertThat(problems.isEmpty()).isTrue();
        Map<String, Object> expected = new java.util.LinkedHashMap<>();
        expected.put("host", "mail");
        expected.put("port", 25);
        expected.put("big", 10_000_000_000L);
        expected.put("ratio", 0.5);
        expected.put("tls", true);
        expected.put("none", null);
        expected.put("quoted", "42");
        expected.put("when", "2024-01-01");
        expected.put("list", List.of("a", 1));
        assertThat(root.toPlain()).isEqualTo(expected);
    }

    @Test
    void anchorsAndMergeKeysShareTriggerSettingsAndWrittenKeysWin() {
        HawkeyeConfig config = parse(new Environment(Map.of()), """
                monitors:
                  - key: api.errors
                    interval: 60
                    triggers:
                      - &page {threshold: 5, recipients: [oncall@example.com]}
                  - key: jobs.failed
                    interval: 60
                    triggers:
                      - <<: *page
                        threshold: 10
                """);

        TriggerSpec merged = config.monitors().get(1).triggers().get(0);
        assertThat(merged.level()).isEqualTo("threshold-10");
        assertThat(merged.routes().get(0).settings().stringList("to")).containsExactly("oncall@example.com");
        assertThat(merged.routes().get(0).settings().path()).isEqualTo("monitors[1].triggers[0]");
    }

    @Test
    void pluginSectionsLocateTheirKeysInTheFileAndInTheEnvironment() throws IOException {
        Files.writeString(dir.resolve(".env"), "SMTP_HOST=mail.example.com\nSMTP_PORT=2525\n");
        Environment environment = Environment.load(Map.of(), dir);

        HawkeyeConfig config = parse(environment, """
                monitors:
                  - key: api.errors
                    interval: 60
                    triggers:
                      - threshold: 100
                        recipients: [oncall@example.com]
                """);

        PluginConfig route = config.monitors().get(0).triggers().get(0).routes().get(0).settings();
        assertThat(route.path()).isEqualTo("monitors[0].triggers[0]");
        assertThat(route.problem("to", "bad address").location()).isEqualTo("monitors.yaml:6:9");
        assertThat(route.problem("to", "bad address").keyPath()).isEqualTo("monitors[0].triggers[0].to");
        PluginConfig email = config.notifiers().get("email");
        assertThat(email.problem("port", "refused").location()).isEqualTo(dir.resolve(".env") + ":2");
        assertThat(email.problem("timeout", "too long").location()).isEqualTo("monitors.yaml");
    }

    @Test
    void loadsAFileWithItsPathAsTheSource() throws IOException {
        Path file = dir.resolve("monitors.yaml");
        Files.writeString(file, "monitors:\n  - {key: a.b, interval: 1, triggers: [{threshold: 1, recipients: x}]}\n");

        HawkeyeConfig config = new ConfigLoader(new Environment(Map.of())).load(file);

        assertThat(config.source()).isEqualTo(file.toString());
        assertThat(config.monitors()).extracting(MonitorSpec::name).containsExactly("a.b");
    }

    private static HawkeyeConfig parse(Environment environment, String yaml) {
        return new ConfigLoader(environment).parse(yaml, SOURCE);
    }

    private static PluginConfig section(String path, Map<String, ?> values) {
        return PluginConfig.of(path, values, NOWHERE);
    }

    private static TriggerSpec trigger(String level, double threshold, String via, String path, String... recipients) {
        return new TriggerSpec(level, new Condition(Comparison.GREATER_OR_EQUAL, threshold),
                List.of(new NotifyRoute(via, section(path, Map.of("to", List.of(recipients))))));
    }
}
