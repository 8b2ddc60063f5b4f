package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarFile;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The tutorial of {@code examples/notifier-webhook}, end to end: the example plugin is built with its
 * own Maven build (which needs hawkeye-api in the local repository, hence {@code mvn install} as the
 * test command), its jar is dropped into a {@code plugins/} folder beside the distribution's own
 * plugins, and then {@code hawkeye plugins} lists it, {@code hawkeye check} validates its section, and
 * {@code hawkeye run} delivers a monitor's notifications through it to a local HTTP server.
 */
class WebhookPluginIT {
    private static final String ARTIFACT = "hawkeye-notifier-webhook";

    private static Path pluginJar;
    private static String pluginVersion;

    @RegisterExtension
    final Distribution distribution = new Distribution();
    private Path plugins;

    @BeforeAll
    static void buildTheExamplePlugin() throws Exception {
        String example = System.getProperty("hawkeye.example.webhook", "");
        assertThat(example).as("system property hawkeye.example.webhook (set by failsafe)").isNotBlank();
        pluginJar = MavenBuild.ofTheRunningBuild().packageJar(Path.of(example).toAbsolutePath().normalize(), ARTIFACT,
                Duration.ofMinutes(3));
        try (JarFile jar = new JarFile(pluginJar.toFile())) {
            pluginVersion = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
        }
        assertThat(pluginVersion).as("Implementation-Version in the manifest of " + pluginJar).isNotBlank();
    }

    @BeforeEach
    void installThePlugin() throws Exception {
        plugins = distribution.workDir().resolve("plugins");
        Folders.copyTree(distribution.home().resolve("plugins"), plugins);
        Files.copy(pluginJar, plugins.resolve(pluginJar.getFileName()));
    }

    @Test
    void pluginsListsTheWebhookNotifierWithTheVersionFromItsManifestAndItsJar() throws Exception {
        HawkeyeProcess.Result result = distribution.run("plugins", "--plugins", plugins.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<List<String>> rows = result.stdout().stream().map(line -> List.of(line.trim().split("\\s+"))).toList();
        assertThat(rows).as(result.toString())
                .contains(List.of("notifier", "webhook", pluginVersion, plugins.resolve(pluginJar.getFileName()).toString()))
                .anyMatch(row -> row.get(0).equals("transport") && row.get(1).equals("unix"))
                .anyMatch(row -> row.get(0).equals("notifier") && row.get(1).equals("slack"));
    }

    @Test
    void checkValidatesTheWebhookSectionAndReportsAMissingUrlWithItsLine() throws Exception {
        Path good = distribution.writeConfig("good.yaml", config("url: http://127.0.0.1:9/hook"));
        Path noUrl = distribution.writeConfig("no-url.yaml", config("timeout: 5s"));

        HawkeyeProcess.Result ok = distribution.run("check", good.toString(), "--plugins", plugins.toString());
        HawkeyeProcess.Result missing = distribution.run("check", noUrl.toString(), "--plugins", plugins.toString());

        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        assertThat(ok.stdoutText()).as(ok.toString()).contains("OK: 1 monitor", "hook (webhook)");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(2);
        assertThat(missing.stderr()).as(missing.toString()).contains(noUrl + ":3:3: notifiers.hook.url: is required");
    }

    @Test
    void aMonitorRoutedToTheWebhookPostsOneFiringThenOneResolved() throws Exception {
        try (WebhookServer hook = new WebhookServer()) {
            Path config = distribution.writeConfig("monitors.yaml", config("url: \"" + hook.url() + "\""));
            String socket = distribution.socket().toString();
            HawkeyeProcess hawkeye = distribution.start("run", "--plugins", plugins.toString(), "--config", config.toString(),
                    "--socket", socket);
            Processes.awaitPing(hawkeye, distribution.socket());

            HawkeyeProcess.Result sent = distribution.run("send", "e2e.errors", "5", "--socket", socket);
            assertThat(sent.exitCode()).as(sent.toString()).isZero();

            JsonNode firing = awaitPost(hook, hawkeye, "FIRING", Duration.ofSeconds(20));
            assertThat(firing.path("monitor").asText()).isEqualTo("checkout-errors");
            assertThat(firing.path("reason").asText()).isEqualTo("STARTED");
            assertThat(firing.path("level").asText()).isEqualTo("critical");
            assertThat(firing.path("value").asDouble()).isEqualTo(5.0);
            assertThat(firing.path("condition").asText()).isEqualTo("count(e2e.errors) >= 5 over 5s");
            assertThat(firing.path("window").asText()).isEqualTo("5s");
            // The window passes without errors: the monitor resolves.
            JsonNode resolved = awaitPost(hook, hawkeye, "RESOLVED", Duration.ofSeconds(30));
            assertThat(resolved.path("monitor").asText()).isEqualTo("checkout-errors");
            assertThat(resolved.path("value").asDouble()).isZero();
            assertThat(resolved.path("since").asText()).isEqualTo(firing.path("since").asText());

            hawkeye.terminate();
            HawkeyeProcess.Result stopped = hawkeye.awaitExit(Duration.ofSeconds(20));
            assertThat(stopped.exitCode()).as(stopped.toString()).isZero();
            assertThat(hook.posts()).as("exactly one FIRING and one RESOLVED, each as JSON: " + stopped)
                    .allMatch(post -> post.contentType() != null && post.contentType().startsWith("application/json"))
                    .extracting(post -> post.body().path("kind").asText())
                    .containsExactly("FIRING", "RESOLVED");
        }
    }

    /** A version 2 config with the notifier {@code hook} of type {@code webhook} and one monitor routed to it. */
    private static String config(String hookSetting) {
        return """
                version: 2
                notifiers:
                  hook:
                    type: webhook
                    %s
                defaults: {window: 5s, evaluate_every: 1s, repeat_every: 1h}
                monitors:
                  - name: checkout-errors
                    metric: e2e.errors
                    aggregate: count
                    triggers:
                      - level: critical
                        when: ">= 5"
                        notify: [{via: hook}]
                """.formatted(hookSetting);
    }

    private static JsonNode awaitPost(WebhookServer hook, HawkeyeProcess hawkeye, String kind, Duration timeout) {
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!hawkeye.isAlive()) {
                    throw new AssertionError("hawkeye exited: " + hawkeye.describe());
                }
                return hook.posts().stream().anyMatch(post -> kind.equals(post.body().path("kind").asText()));
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no " + kind + " POST within " + timeout + "; posts " + hook.posts() + "\n"
                    + hawkeye.describe(), e);
        }
        return hook.posts().stream().map(WebhookServer.Post::body)
                .filter(body -> kind.equals(body.path("kind").asText())).findFirst().orElseThrow();
    }
}
