package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A config with a mistake is refused by {@code check} and by {@code run}, with exit code 2 and the line and key. */
class ConfigErrorsIT {
    @RegisterExtension
    final Distribution distribution = new Distribution();

    @Test
    void checkAcceptsAValidConfigAndSummarisesIt() throws Exception {
        Path config = distribution.writeConfig("monitors.yaml", AlertEndToEndIT.CONFIG);

        HawkeyeProcess.Result result = distribution.run("check", config.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
        assertThat(result.stdout()).as(result.toString()).containsExactly("OK: 1 monitor, notifiers console, store memory");
    }

    @Test
    void checkRefusesAMisspeltKeyNamingItsLineAndTheKeyMeant() throws Exception {
        Path config = distribution.writeConfig("typo.yaml", """
                run_every: 5
                monitors:
                  - key: api.errors
                    interval: 60
                    triggers:
                      - treshold: 100
                        recipients: [oncall@example.com]
                """);

        HawkeyeProcess.Result result = distribution.run("check", config.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stdout()).as("nothing on standard output: " + result).isEmpty();
        assertThat(result.stderrText()).as(result.toString())
                .contains("typo.yaml:6:").contains("treshold").contains("did you mean 'threshold'");
    }

    @Test
    void checkRefusesTextWhereANumberBelongs() throws Exception {
        Path config = distribution.writeConfig("text.yaml", """
                run_every: 5
                monitors:
                  - key: api.errors
                    interval: soon
                    triggers:
                      - threshold: 100
                """);

        HawkeyeProcess.Result result = distribution.run("check", config.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderrText()).as(result.toString()).contains("text.yaml:4:").contains("interval").contains("soon");
    }

    @Test
    void runRefusesAnInvalidConfigWithoutStarting() throws Exception {
        Path config = distribution.writeConfig("typo.yaml", """
                run_every: 5
                monitors:
                  - key: api.errors
                    interval: 60
                    triggers:
                      - treshold: 100
                """);

        HawkeyeProcess.Result result = distribution.run("run", "--config", config.toString(), "--socket", distribution.socket().toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderrText()).as(result.toString()).contains("typo.yaml:6:").contains("treshold");
        assertThat(distribution.socket()).doesNotExist();
    }

    @Test
    void runRefusesAVersion2ConfigWhoseRouteNamesAnUndefinedNotifier() throws Exception {
        Path config = distribution.writeConfig("v2.yaml", """
                version: 2
                notifiers:
                  mail: {type: console}
                monitors:
                  - name: checkout-errors
                    metric: api.errors
                    aggregate: count
                    window: 5m
                    triggers:
                      - {level: warning, when: "> 100", notify: [{via: mial, to: [oncall@example.com]}]}
                """);

        HawkeyeProcess.Result check = distribution.run("check", config.toString());
        HawkeyeProcess.Result run = distribution.run("run", "--config", config.toString(), "--socket", distribution.socket().toString());

        for (HawkeyeProcess.Result result : java.util.List.of(check, run)) {
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.stderrText()).as(result.toString())
                    .contains("v2.yaml:10:56: monitors[0].triggers[0].notify[0].via: no notifier named 'mial'; defined: mail"
                            + " (did you mean 'mail'?)");
        }
        assertThat(distribution.socket()).doesNotExist();
    }

    @Test
    void checkPrintShowsAVersion1FileInItsVersion2Form() throws Exception {
        Path config = distribution.writeConfig("monitors.yaml", AlertEndToEndIT.CONFIG);

        HawkeyeProcess.Result result = distribution.run("check", "--print", config.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
        assertThat(result.stdout()).as(result.toString()).contains("version: 2", "  - name: e2e.errors", "    metric: e2e.errors",
                "    aggregate: count", "    window: 2s", "    repeat_every: 1m", "        when: '>= 3'", "          - via: console");
    }

    @Test
    void anUnknownCommandOrOptionIsAUsageError() throws Exception {
        HawkeyeProcess.Result unknownCommand = distribution.run("frobnicate");
        HawkeyeProcess.Result unknownOption = distribution.run("check", "--no-such-option");

        assertThat(unknownCommand.exitCode()).as(unknownCommand.toString()).isEqualTo(2);
        assertThat(unknownOption.exitCode()).as(unknownOption.toString()).isEqualTo(2);
        assertThat(unknownOption.stderrText()).contains("--no-such-option");
    }
}
