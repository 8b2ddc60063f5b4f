package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.client.HawkeyeClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Editing monitors.yaml under a running {@code bin/hawkeye run}: a valid edit applies without a
 * restart, a broken one is refused with its problem on standard error while the old config keeps
 * running, and SIGHUP reloads (reading {@code .env} again).
 */
class ConfigReloadIT {
    private static final String CONFIG = """
            version: 2
            notifiers:
              pager: {type: console}
            defaults: {window: 2s, evaluate_every: 1s, repeat_every: 1h}
            monitors:
              - name: errors
                metric: e2e.errors
                aggregate: count
                triggers:
                  - {level: warning, when: "%s", notify: [{via: pager, to: [oncall@example.com]}]}
            """;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    final Distribution distribution = new Distribution();
    private volatile boolean sending = true;
    private Thread sender;

    @AfterEach
    void stopEverything() throws Exception {
        sending = false;
        if (sender != null) {
            sender.join(5_000);
        }
    }

    @Test
    void editsApplyWhileRunningBrokenOnesAreRefusedAndSighupReloads() throws Exception {
        Files.writeString(distribution.workDir().resolve(".env"), "LIMIT=3\n");
        Path file = distribution.writeConfig("monitors.yaml", CONFIG.formatted(">= ${LIMIT}"));
        HawkeyeProcess hawkeye = distribution.start("run", "--config", file.toString(), "--socket", distribution.socket().toString());
        Processes.awaitPing(hawkeye, distribution.socket());
        assertThat(hawkeye.stderr()).as("SIGHUP must reach hawkeye: run the tests without nohup")
                .noneMatch(line -> line.contains("SIGHUP is ignored"));
        startSending();
        hawkeye.awaitStdoutLine(line -> line.contains("FIRING errors level=warning"), WAIT);

        edit(file, CONFIG.formatted(">= 1000"));
        hawkeye.awaitStdoutLine(line -> line.contains("RESOLVED errors"), WAIT);
        assertThat(hawkeye.awaitStderrLine(line -> line.contains("config reloaded from"), WAIT))
                .contains("1 changed (errors)");

        edit(file, CONFIG.formatted("> abc"));
        String refused = hawkeye.awaitStderrLine(line -> line.contains("config refused:"), WAIT);
        assertThat(refused).contains("monitors.yaml:10:").contains("monitors[0].triggers[0].when").contains("'abc' is not a number");
        hawkeye.awaitStderrLine(line -> line.contains("refused with 1 problem(s); the running config stays"), WAIT);
        assertThat(hawkeye.isAlive()).isTrue();

        edit(file, CONFIG.formatted(">= ${LIMIT}"));
        awaitCount(hawkeye, "FIRING errors", 2);

        Files.writeString(distribution.workDir().resolve(".env"), "LIMIT=1000\n");
        hawkeye.signal("HUP");
        hawkeye.awaitStderrLine(line -> line.contains("received SIGHUP: reloading"), WAIT);
        awaitCount(hawkeye, "RESOLVED errors", 2);
        assertThat(hawkeye.isAlive()).as("SIGHUP reloads, it does not stop hawkeye").isTrue();
        assertThat(hawkeye.stdout()).as(hawkeye.describe()).filteredOn(line -> line.contains("FIRING")).hasSize(2);
    }

    @Test
    void underNohupItSaysThatOnlyFileChangesReloadTheConfig() throws Exception {
        Path file = distribution.writeConfig("monitors.yaml", CONFIG.formatted(">= 3"));
        HawkeyeProcess hawkeye = HawkeyeProcess.start(Path.of("nohup"), distribution.workDir(), Map.of(),
                distribution.home().resolve("bin/hawkeye").toString(), "run", "--config", file.toString(),
                "--socket", distribution.socket().toString());
        try {
            assertThat(hawkeye.awaitStderrLine(line -> line.contains("SIGHUP is ignored"), WAIT))
                    .contains("the config reloads only when its file changes");
        } finally {
            hawkeye.kill();
        }
    }

    /** About four errors a second, from a thread of its own, until the test ends. */
    private void startSending() {
        sender = new Thread(() -> {
            try (HawkeyeClient client = HawkeyeClient.connect(distribution.socket())) {
                while (sending) {
                    client.count("e2e.errors", 2);
                    client.flush(Duration.ofSeconds(5));
                    Thread.sleep(500);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "e2e-sender");
        sender.start();
    }

    /** Replaces the file the way editors save: write beside it, then rename over it. */
    private static void edit(Path file, String yaml) throws IOException {
        Path temporary = file.resolveSibling(".monitors.yaml.tmp");
        Files.writeString(temporary, yaml);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void awaitCount(HawkeyeProcess hawkeye, String text, int count) {
        hawkeye.awaitStdoutLine(line -> hawkeye.stdout().stream().filter(each -> each.contains(text)).count() >= count, WAIT);
    }
}
