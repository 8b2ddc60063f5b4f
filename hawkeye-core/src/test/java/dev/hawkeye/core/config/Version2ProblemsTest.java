package dev.hawkeye.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.config.ConfigProblem;
import dev.hawkeye.api.metric.Aggregate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad version 2 input: every problem with file:line:column, key path and what was expected. */
class Version2ProblemsTest {
    private static final String SOURCE = "monitors.yaml";
    private static final String HEAD = """
            version: 2
            notifiers:
              mail: {type: email, host: smtp.example.com, from: hawkeye@example.com}
              ops: {type: slack, webhook_url: "https://hooks.slack.com/x"}
            monitors:
              - name: checkout-errors
                metric: api.errors
                aggregate: count
            """;

    @Test
    void aWhenThatIsNotANumberIsRefused() {
        assertThat(problems(HEAD + """
                    window: 5m
                    triggers:
                      - {level: warning, when: "> abc", notify: [{via: mail}]}
                """)).containsExactly(new ConfigProblem("monitors.yaml:11:32", "monitors[0].triggers[0].when",
                "expected a comparison (>, >=, <, <=, ==, !=) and a number, such as \"> 100\", got '> abc': 'abc' is not a number"));
    }

    @Test
    void aWhenWithoutAComparisonOrWithAWrongOneIsRefused() {
        assertThat(problems(HEAD + """
                    window: 5m
                    triggers:
                      - {level: a, when: 100, notify: []}
                      - {level: b, when: "= 100", notify: []}
                      - {level: c, when: "=> 100", notify: []}
                      - {level: d, when: ">", notify: []}
                """)).extracting(ConfigProblem::message).containsExactly(
                "expected a comparison (>, >=, <, <=, ==, !=) and a number, such as \"> 100\", got 100 (write the comparison too,"
                        + " e.g. \">= 100\")",
                "expected a comparison (>, >=, <, <=, ==, !=) and a number, such as \"> 100\", got '= 100': '=' is not a comparison"
                        + " (did you mean '=='?)",
                "expected a comparison (>, >=, <, <=, ==, !=) and a number, such as \"> 100\", got '=> 100': '=>' is not a comparison"
                        + " (did you mean '>='?)",
                "expected a comparison (>, >=, <, <=, ==, !=) and a number, such as \"> 100\", got '>': the number is missing");
    }

    @Test
    void anUnquotedGreaterThanIsASyntaxErrorThatSaysToQuoteIt() {
        assertThat(problems(HEAD + """
                    window: 5m
                    triggers:
                      - level: warning
                        when: > 100
                        notify: []
                """)).singleElement().satisfies(problem -> {
                    assertThat(problem.location()).isEqualTo("monitors.yaml:12:17");
                    assertThat(problem.message()).startsWith("invalid YAML: ")
                            .endsWith("(quote a comparison that starts with '>': when: \"> 100\"; unquoted, YAML reads '>' as folded text)");
                });
    }

    @Test
    void aNegativeOrZeroWindowIsRefused() {
        assertThat(problems(HEAD + """
                    window: -5m
                    triggers: [{level: warning, when: "> 1", notify: []}]
                  - {name: b, metric: a.b, aggregate: max, window: 0s, triggers: [{level: w, when: "> 1", notify: []}]}
                  - {name: c, metric: a.b, aggregate: max, window: soon, triggers: [{level: w, when: "> 1", notify: []}]}
                """)).containsExactly(
                new ConfigProblem("monitors.yaml:9:13", "monitors[0].window", "expected a positive duration such as 30s, 5m or 1h, got '-5m'"),
                new ConfigProblem("monitors.yaml:11:52", "monitors[1].window", "expected a positive duration such as 30s, 5m or 1h, got '0s'"),
                new ConfigProblem("monitors.yaml:12:52", "monitors[2].window", "expected a duration such as 30s, 5m or 1h, got 'soon'"));
    }

    @Test
    void aViaNamingAnUndefinedNotifierIsRefusedWithASuggestion() {
        assertThat(problems(HEAD + """
                    window: 5m
                    triggers:
                      - level: warning
                        when: "> 100"
                        notify: [{via: mial, to: [oncall@example.com]}, pager]
                """)).containsExactly(
                new ConfigProblem("monitors.yaml:13:24", "monitors[0].triggers[0].notify[0].via",
                        "no notifier named 'mial'; defined: mail, ops (did you mean 'mail'?)"),
                new ConfigProblem("monitors.yaml:13:57", "monitors[0].triggers[0].notify[1]",
                        "no notifier named 'pager'; defined: mail, ops"));
    }

    @Test
    void aViaWithoutAnyNotifiersSaysWhereToDefineThem() {
        assertThat(problems("""
                version: 2
                monitors:
                  - {name: m, metric: a.b, aggregate: max, window: 1m, triggers: [{level: w, when: "> 1", notify: [{via: mail}]}]}
                """)).extracting(ConfigProblem::message).containsExactly("no notifier named 'mail'; none is defined (add it under notifiers:)");
    }

    @Test
    void forLongerThanTheWindowIsRefused() {
        assertThat(problems(HEAD + """
                    window: 5m
                    for: 10m
                    triggers: [{level: warning, when: "> 1", notify: []}]
                """)).containsExactly(new ConfigProblem("monitors.yaml:10:10", "monitors[0].for",
                "'for' (10m (monitors[0].for)) must not be longer than the window (5m (monitors[0].window)): a breach is judged over one window"));
    }

    @Test
    void forFromDefaultsLongerThanTheMonitorsWindowIsReportedAtTheDefault() {
        assertThat(problems("""
                version: 2
                defaults: {for: 10m}
                monitors:
                  - {name: m, metric: a.b, aggregate: max, window: 1m, triggers: [{level: w, when: "> 1", notify: []}]}
                """)).containsExactly(new ConfigProblem("monitors.yaml:2:17", "defaults.for",
                "'for' (10m (defaults.for)) must not be longer than the window (1m (monitors[0].window)): a breach is judged over one window"));
    }

    @Test
    void unknownKeysGetASuggestionOrTheirVersion2Name() {
        assertThat(problems("""
                version: 2
                run_every: 5
                notifers: {}
                monitors:
                  - name: m
                    key: a.b
                    metric: a.b
                    agregate: max
                    aggregate: max
                    window: 1m
                    triggers:
                      - {level: w, when: "> 1", notfy: [], notify: [], threshold: 3}
                """)).containsExactly(
                new ConfigProblem("monitors.yaml:2:1", "run_every", "unknown key 'run_every' (a version 1 key; version 2 writes"
                        + " defaults: {repeat_every: 5m})"),
                new ConfigProblem("monitors.yaml:3:1", "notifers", "unknown key 'notifers' (did you mean 'notifiers'?)"),
                new ConfigProblem("monitors.yaml:6:5", "monitors[0].key", "unknown key 'key' (a version 1 key; version 2 writes metric:)"),
                new ConfigProblem("monitors.yaml:8:5", "monitors[0].agregate", "unknown key 'agregate' (did you mean 'aggregate'?)"),
                new ConfigProblem("monitors.yaml:12:33", "monitors[0].triggers[0].notfy", "unknown key 'notfy' (did you mean 'notify'?)"),
                new ConfigProblem("monitors.yaml:12:56", "monitors[0].triggers[0].threshold",
                        "unknown key 'threshold' (a version 1 key; version 2 writes when: \">= 100\")"));
    }

    @Test
    void aVersion2KeyInAVersion1FileSaysToWriteTheVersion() {
        assertThat(problems("""
                notifiers: {mail: {type: email}}
                monitors: []
                """)).containsExactly(new ConfigProblem("monitors.yaml:1:1", "notifiers",
                "unknown key 'notifiers' (a version 2 key; start the file with 'version: 2' to use version 2)"));
    }

    @Test
    void twoTriggersWithTheSameLevelAndTwoMonitorsWithTheSameNameAreRefused() {
        assertThat(problems(HEAD + """
                    window: 5m
                    triggers:
                      - {level: warning, when: "> 1", notify: []}
                      - {level: warning, when: "> 2", notify: []}
                  - {name: checkout-errors, metric: a.b, aggregate: max, window: 1m, triggers: [{level: w, when: "> 1", notify: []}]}
                """)).containsExactly(
                new ConfigProblem("monitors.yaml:12:17", "monitors[0].triggers[1].level",
                        "level 'warning' is already used by monitors[0].triggers[0]; each trigger of a monitor needs its own level"),
                new ConfigProblem("monitors.yaml:13:12", "monitors[1].name",
                        "the name 'checkout-errors' is already used by monitors[0]; monitor names must be unique"));
    }

    @Test
    void missingKeysAreReportedAtTheirSection() {
        assertThat(problems("""
                version: 2
                notifiers: {mail: {host: x}}
                monitors:
                  - name: m
                    triggers: [{level: w}]
                """)).containsExactly(
                new ConfigProblem("monitors.yaml:2:19", "notifiers.mail.type", "missing required key 'type' (the plugin that implements it)"),
                new ConfigProblem("monitors.yaml:4:5", "monitors[0].metric", "missing required key 'metric' (the metric key to watch, e.g. api.errors)"),
                new ConfigProblem("monitors.yaml:4:5", "monitors[0].aggregate",
                        "missing required key 'aggregate' (what to compute over the window: " + Aggregate.wireNames() + ")"),
                new ConfigProblem("monitors.yaml:4:5", "monitors[0].window",
                        "missing required key 'window' (how far back each evaluation looks, e.g. 5m; or set defaults.window)"),
                new ConfigProblem("monitors.yaml:5:16", "monitors[0].triggers[0].when", "missing required key 'when' (the rule, e.g. \"> 100\")"),
                new ConfigProblem("monitors.yaml:5:16", "monitors[0].triggers[0].notify", "missing required key 'notify' (where its"
                        + " notifications go, e.g. [{via: mail, to: [oncall@example.com]}], or [] for nowhere)"));
    }

    @Test
    void wrongValuesOfTheSmallerSettingsAreRefused() {
        assertThat(problems("""
                version: 2
                store: memory
                defaults: {no_data: kep, repeat_every: always}
                ingest: {max_series: 0}
                monitors:
                  - name: "two words"
                    metric: "a b"
                    tags: {service: {a: b}}
                    aggregate: median
                    window: 1m
                    triggers: [{level: w, when: "> 1", notify: []}]
                """)).extracting(ConfigProblem::toString).containsExactly(
                "monitors.yaml:2:8: store: expected a section with the store's type, e.g. {type: memory}, got 'memory'",
                "monitors.yaml:3:21: defaults.no_data: expected one of ok, keep, alert, got 'kep' (did you mean 'keep'?)",
                "monitors.yaml:3:40: defaults.repeat_every: expected a duration such as 30s, 5m or 1h, got 'always'",
                "monitors.yaml:4:22: ingest.max_series: expected a positive whole number of series, got 0",
                "monitors.yaml:6:11: monitors[0].name: expected a monitor name of 1 to 200 letters, digits, '_', '.', ':', '#' or '-',"
                        + " got 'two words'",
                "monitors.yaml:8:21: monitors[0].tags.service: expected a tag matcher: a value (checkout), a glob (\"web-*\"), "
                        + "a negation (\"!canary\"), \"*\" (any value) or a list of values, got a section of keys",
                "monitors.yaml:9:16: monitors[0].aggregate: expected an aggregate (" + Aggregate.wireNames() + "), got 'median'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {"0 | 0", "-1 | -1", "lots | 'lots'"})
    void maxPendingBucketsMustBeAPositiveWholeNumber(String written, String described) {
        assertThat(problems("""
                version: 2
                ingest: {max_pending_buckets: %s}
                monitors: []
                """.formatted(written))).extracting(ConfigProblem::toString).containsExactly(
                "monitors.yaml:2:31: ingest.max_pending_buckets: expected a positive whole number of buckets, got " + described);
    }

    @Test
    void aMisspeltMaxPendingBucketsIsAnUnknownKeyWithASuggestion() {
        assertThat(problems("""
                version: 2
                ingest: {max_pending_bucket: 100}
                monitors: []
                """)).containsExactly(new ConfigProblem("monitors.yaml:2:10", "ingest.max_pending_bucket",
                "unknown key 'max_pending_bucket' (did you mean 'max_pending_buckets'?)"));
    }

    @Test
    void anInvalidMetricKeyGetsTheSeriesRule() {
        assertThat(problems(HEAD.replace("metric: api.errors", "metric: \"api errors\"") + """
                    window: 1m
                    triggers: [{level: w, when: "> 1", notify: []}]
                """)).extracting(ConfigProblem::keyPath, ConfigProblem::location)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("monitors[0].metric", "monitors.yaml:7:13"));
    }

    @Test
    void everyProblemNamesFileLineColumnAndKeyPath() {
        List<ConfigProblem> problems = problems(HEAD + """
                    window: -1m
                    for: x
                    no_data: maybe
                    triggers:
                      - {level: w, when: "> abc", notify: [{via: nope}]}
                """);

        assertThat(problems).hasSize(5).allSatisfy(problem -> {
            assertThat(problem.location()).matches("monitors\\.yaml:\\d+:\\d+");
            assertThat(problem.keyPath()).startsWith("monitors[0].");
        });
    }

    @Test
    void theHttpServerIsConfiguredUnderHttpWithoutATypeAndNotAsATransport() {
        assertThat(problems("version: 2\nhttp: {type: web, listen: \"127.0.0.1:1\"}\nmonitors: []\n"))
                .extracting(ConfigProblem::message).containsExactly("http: takes no type; it is always the http plugin");
        assertThat(problems("version: 2\ntransport: [{type: unix}, {type: http}]\nmonitors: []\n"))
                .extracting(ConfigProblem::message).containsExactly("the HTTP server is not a transport: configure it under http: {listen: ...}");
        assertThat(problems("version: 2\nhttp: [127.0.0.1]\nmonitors: []\n")).extracting(ConfigProblem::location)
                .containsExactly("monitors.yaml:2:7");
    }

    private static List<ConfigProblem> problems(String yaml) {
        try {
            new ConfigLoader(new Environment(Map.of())).parse(yaml, SOURCE);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected the config to be refused:\n" + yaml);
    }
}
