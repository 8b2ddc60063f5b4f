package dev.hawkeye.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.config.ConfigProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: every problem of a file, each with file:line:column, key path and what was expected. */
class ConfigLoaderProblemsTest {
    private static final String SOURCE = "monitors.yaml";

    @TempDir
    Path dir;

    @Test
    void aMisspeltKeyIsReportedWithASuggestion() {
        assertThat(problems("""
                monitors:
                  - key: api.errors
                    interval: 60
                    triggers:
                      - treshold: 100
                        recipients: [oncall@example.com]
                """)).containsExactly(
                new ConfigProblem("monitors.yaml:5:9", "monitors[0].triggers[0].treshold",
                        "unknown key 'treshold' (did you mean 'threshold'?)"),
                new ConfigProblem("monitors.yaml:5:9", "monitors[0].triggers[0].threshold",
                        "missing required key 'threshold' (the count at which it fires)"));
    }

    @Test
    void aStringWhereTheIntervalBelongsIsReportedAtTheValue() {
        assertThat(problems("""
                monitors:
                  - key: api.errors
                    interval: "abc"
                    triggers: [{threshold: 1, recipients: x}]
                """)).containsExactly(
                new ConfigProblem("monitors.yaml:3:15", "monitors[0].interval",
                        "expected a positive whole number of seconds, got 'abc'"));
    }

    @Test
    void aStringWhereTheThresholdBelongsIsReportedAtTheValue() {
        assertThat(problems("""
                monitors:
                  - key: api.errors
                    interval: 60
                    triggers:
                      - threshold: abc
                        recipients: [oncall@example.com]
                """)).containsExactly(
                new ConfigProblem("monitors.yaml:5:20", "monitors[0].triggers[0].threshold", "expected a number, got 'abc'"));
    }

    @Test
    void aNegativeIntervalIsRefused() {
        assertThat(problems("""
                monitors:
                  - key: api.errors
                    interval: -5
                    triggers: [{threshold: 1, recipients: x}]
                """)).containsExactly(
                new ConfigProblem("monitors.yaml:3:15", "monitors[0].interval", "expected a positive whole number of seconds, got -5"));
    }

    @Test
    void aMissingMetricKeyIsReportedAtItsMonitor() {
        assertThat(problems("""
                run_every: 5
                monitors:
                  - interval: 60
                    triggers: [{threshold: 1, recipients: x}]
                """)).containsExactly(
                new ConfigProblem("monitors.yaml:3:5", "monitors[0].key", "missing required key 'key' (the metric key to watch)"));
    }

    @Test
    void anInvalidMetricKeyGetsTheSeriesRule() {
        assertThat(problems("""
                monitors:
                  - key: api errors
                    interval: 60
                    triggers: [{threshold: 1, recipients: x}]
                """)).containsExactly(
                new ConfigProblem("monitors.yaml:2:10", "monitors[0].key",
                        "key 'api errors' has a space at position 3; allowed are letters, digits and _ . : -"));
    }

    @Test
    void aYamlSyntaxErrorIsLocatedAtItsProblemMark() {
        assertThat(problems("""
                monitors:
                  - key: api.errors
                    interval: 60: 70
                """)).containsExactly(
                new ConfigProblem("monitors.yaml:3:17", "", "invalid YAML: mapping values are not allowed here"));
    }

    @Test
    void anUnclosedFlowListIsASyntaxError() {
        assertThat(problems("""
                monitors:
                  - key: api.errors
                    triggers: [{threshold: 1, recipients: x}
                    interval: 60
                """)).singleElement().satisfies(problem -> {
                    assertThat(problem.location()).startsWith("monitors.yaml:4:");
                    assertThat(problem.message()).startsWith("invalid YAML: ").contains("while parsing a flow sequence started at line 3, expected ',' or ']'");
                });
    }

    @Test
    void twoTriggersWithTheSameThresholdAreRefused() {
        assertThat(problems("""
                monitors:
                  - key: api.errors
                    interval: 60
                    triggers:
                      - threshold: 100
                        recipients: a@example.com
                      - threshold: 100.0
                        recipients: b@example.com
                """)).containsExactly(
                new ConfigProblem("monitors.yaml:7:20", "monitors[0].triggers[1].threshold",
                        "threshold 100 is already used by monitors[0].triggers[0]; each trigger of a monitor needs its own threshold"));
    }

    @Test
    void everyProblemOfAFileIsReportedInFileOrder() {
        assertThat(problems("""
                run_evry: 5
                monitors:
                  - key: api errors
                    interval: 0
                    triggers:
                      - threshold: many
                        recipients: []
                  - key: jobs.failed
                    triggers: []
                  - just a string
                """)).containsExactly(
                new ConfigProblem("monitors.yaml:1:1", "run_evry", "unknown key 'run_evry' (did you mean 'run_every'?)"),
                new ConfigProblem("monitors.yaml:3:10", "monitors[0].key",
                        "key 'api errors' has a space at position 3; allowed are letters, digits and _ . : -"),
                new ConfigProblem("monitors.yaml:4:15", "monitors[0].interval", "expected a positive whole number of seconds, got 0"),
                new ConfigProblem("monitors.yaml:6:20", "monitors[0].triggers[0].threshold", "expected a number, got 'many'"),
                new ConfigProblem("monitors.yaml:7:21", "monitors[0].triggers[0].recipients", "expected at least one recipient, got an empty list"),
                new ConfigProblem("monitors.yaml:8:5", "monitors[1].interval",
                        "missing required key 'interval' (seconds: the count over this window is compared, this often)"),
                new ConfigProblem("monitors.yaml:9:15", "monitors[1].triggers", "expected at least one trigger, got an empty list"),
                new ConfigProblem("monitors.yaml:10:5", "monitors[2]",
                        "expected a monitor (a section with key, interval and triggers), got 'just a string'"));
    }

    @Test
    void anUndefinedVariableIsReportedWithItsLocation() {
        assertThat(problems("""
                monitors:
                  - key: ${METRIC}
                    interval: 60
                    triggers: [{threshold: 1, recipients: x}]
                """)).containsExactly(
                new ConfigProblem("monitors.yaml:2:10", "monitors[0].key",
                        "undefined variable ${METRIC}: set METRIC in the environment or in .env, or give a default: ${METRIC:-value}"));
    }

    @Test
    void anExpandedValueIsCheckedLikeAWrittenOne() {
        assertThat(problems(new Environment(Map.of("INTERVAL", "soon")), """
                monitors:
                  - key: api.errors
                    interval: ${INTERVAL}
                    triggers: [{threshold: 1, recipients: x}]
                """)).containsExactly(
                new ConfigProblem("monitors.yaml:3:15", "monitors[0].interval", "expected a positive whole number of seconds, got 'soon'"));
    }

    @Test
    void wrongShapesAreReportedWithWhatWasFound() {
        assertThat(problems("""
                run_every: 1.5
                monitors:
                  - key: [a, b]
                    interval: {seconds: 60}
                    triggers:
                      - threshold: 0
                        recipients: {to: x}
                      - "oops"
                """)).containsExactly(
                new ConfigProblem("monitors.yaml:1:12", "run_every", "expected a positive whole number of minutes, got 1.5"),
                new ConfigProblem("monitors.yaml:3:10", "monitors[0].key", "expected a metric key, got a list"),
                new ConfigProblem("monitors.yaml:4:15", "monitors[0].interval",
                        "expected a positive whole number of seconds, got a section of keys"),
                new ConfigProblem("monitors.yaml:6:20", "monitors[0].triggers[0].threshold", "expected a number greater than 0, got 0"),
                new ConfigProblem("monitors.yaml:7:21", "monitors[0].triggers[0].recipients",
                        "expected a recipient or a list of them, got a section of keys"),
                new ConfigProblem("monitors.yaml:8:9", "monitors[0].triggers[1]",
                        "expected a trigger (a section with threshold and recipients), got 'oops'"));
    }

    @Test
    void anUnknownYamlTagIsRefused() {
        assertThat(problems("""
                monitors:
                  - key: !secret api.errors
                    interval: !!int sixty
                    triggers: [{threshold: 1, recipients: x}]
                """)).containsExactly(
                new ConfigProblem("monitors.yaml:2:10", "monitors[0].key",
                        "unsupported tag !secret; expected a plain value (or one of YAML's own tags such as !!str)"),
                new ConfigProblem("monitors.yaml:3:15", "monitors[0].interval", "cannot read 'sixty' as !!int"));
    }

    @Test
    void aValueItsYamlTagCannotReadIsAProblem() {
        assertThat(problems("""
                monitors:
                  - key: !!binary aG{=
                    interval: 60
                    triggers: [{threshold: 1, recipients: x}]
                """)).contains(new ConfigProblem("monitors.yaml:2:10", "monitors[0].key", "cannot read 'aG{=' as !!binary"));
    }

    @Test
    void aDuplicateKeyIsReportedWithTheFirstOne() {
        assertThat(problems("""
                monitors: []
                run_every: 5
                monitors: []
                """)).containsExactly(
                new ConfigProblem("monitors.yaml:3:1", "monitors", "duplicate key 'monitors' (first at line 1)"));
    }

    @Test
    void missingMonitorsIsRequired() {
        assertThat(problems("run_every: 5\n")).containsExactly(
                new ConfigProblem("monitors.yaml:1:1", "monitors", "missing required key 'monitors' (the list of monitors to watch)"));
    }

    @Test
    void anEmptyFileIsRefused() {
        assertThat(problems("# nothing here yet\n")).containsExactly(new ConfigProblem("monitors.yaml", "",
                "the file is empty; expected 'version: 2' with 'notifiers:' and 'monitors:', or a version 1 config with"
                        + " 'monitors:' (and optionally 'run_every:')"));
    }

    @Test
    void aFileThatIsNotAMappingIsRefused() {
        assertThat(problems("- key: api.errors\n")).containsExactly(new ConfigProblem("monitors.yaml:1:1", "",
                "expected a section of keys (version, notifiers, monitors, ...) at the top level, got a list"));
    }

    @Test
    void version2NeedsItsMonitors() {
        assertThat(problems("version: 2\nnotifiers: {}\n")).containsExactly(new ConfigProblem("monitors.yaml:1:1", "monitors",
                "missing required key 'monitors' (the list of monitors to watch)"));
    }

    @Test
    void anUnknownVersionListsTheKnownOnes() {
        assertThat(problems("version: 3\nmonitors: []\n")).containsExactly(
                new ConfigProblem("monitors.yaml:1:10", "version", "expected version 1 or 2, got 3"));
    }

    @Test
    void anInvalidSmtpPortIsReportedWhereItIsSet() throws IOException {
        Files.writeString(dir.resolve(".env"), "SMTP_HOST=mail.example.com\nSMTP_PORT=smtp\n");

        assertThat(problems(Environment.load(Map.of(), dir), "monitors: []\n")).containsExactly(
                new ConfigProblem(dir.resolve(".env") + ":2", "SMTP_PORT", "expected a port number from 1 to 65535, got 'smtp'"));
    }

    @Test
    void aRecursiveAliasIsRefusedWithoutOverflowingTheStack() {
        assertThat(problems("monitors: &loop [*loop]\n")).containsExactly(new ConfigProblem("monitors.yaml:1:11", "monitors[0]",
                "an alias that refers to a section containing itself; expected a finite value"));
    }

    @Test
    void aMissingFileIsRefused() {
        Path file = dir.resolve("monitors.yaml");

        assertThatThrownBy(() -> new ConfigLoader(new Environment(Map.of())).load(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly(new ConfigProblem(file.toString(), "", "file not found")));
    }

    @Test
    void aFileThatIsNotUtf8IsRefused() throws IOException {
        Path file = dir.resolve("monitors.yaml");
        Files.write(file, new byte[] {'m', ':', ' ', (byte) 0xC3, (byte) 0x28});

        assertThatThrownBy(() -> new ConfigLoader(new Environment(Map.of())).load(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly(new ConfigProblem(file.toString(), "", "expected UTF-8 text, got bytes that are not UTF-8")));
    }

    @Test
    void theExceptionMessageListsOneProblemPerLine() {
        assertThatThrownBy(() -> new ConfigLoader(new Environment(Map.of())).parse("monitors: 5\nrun_every: x\n", SOURCE))
                .hasMessage("monitors.yaml:1:11: monitors: expected a list of monitors, got 5" + System.lineSeparator()
                        + "monitors.yaml:2:12: run_every: expected a positive whole number of minutes, got 'x'");
    }

    private static List<ConfigProblem> problems(String yaml) {
        return problems(new Environment(Map.of()), yaml);
    }

    private static List<ConfigProblem> problems(Environment environment, String yaml) {
        try {
            new ConfigLoader(environment).parse(yaml, SOURCE);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected the config to be refused:\n" + yaml);
    }
}
