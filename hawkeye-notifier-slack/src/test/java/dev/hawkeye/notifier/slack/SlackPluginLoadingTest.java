package dev.hawkeye.notifier.slack;

import static dev.hawkeye.notifier.slack.SlackNotifierTest.firing;
import static dev.hawkeye.notifier.slack.SlackNotifierTest.route;
import static dev.hawkeye.notifier.slack.SlackNotifierTest.section;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.core.plugin.PluginInfo;
import dev.hawkeye.core.plugin.PluginKind;
import dev.hawkeye.core.plugin.PluginManager;
import dev.hawkeye.testing.PluginFolder;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin as the launcher runs it: its jars in {@code plugins/slack/}, its own class loader. */
class SlackPluginLoadingTest {
    private final FakeSlack slack = new FakeSlack();

    @TempDir
    Path tmp;

    SlackPluginLoadingTest() throws Exception {
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    @Test
    void postsFromItsOwnPluginFolder() throws Exception {
        Path plugins = PluginFolder.create(tmp.resolve("plugins"), "slack", SlackNotifierFactory.class);

        try (PluginManager manager = PluginManager.load(plugins, ClassLoader.getPlatformClassLoader())) {
            assertThat(manager.plugins()).filteredOn(info -> info.kind() == PluginKind.NOTIFIER).extracting(PluginInfo::type)
                    .containsExactly("slack");
            try (Notifier notifier = manager.createNotifier(section(Map.of("webhook_url", slack.url() + "/services/T/B/X")))) {
                notifier.send(firing("critical", route(Map.of())));
            }
        }

        assertThat(slack.requests()).hasSize(1);
        assertThat(slack.requests().get(0).body()).contains("\"color\":\"" + SlackComposer.RED + "\"");
    }
}
