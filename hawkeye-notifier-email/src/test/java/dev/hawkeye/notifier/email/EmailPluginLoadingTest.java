package dev.hawkeye.notifier.email;

import static dev.hawkeye.notifier.email.TestNotifications.firing;
import static dev.hawkeye.notifier.email.TestNotifications.route;
import static dev.hawkeye.notifier.email.TestNotifications.section;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.core.plugin.PluginInfo;
import dev.hawkeye.core.plugin.PluginKind;
import dev.hawkeye.core.plugin.PluginManager;
import dev.hawkeye.testing.PluginFolder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin as the launcher runs it: its jars in {@code plugins/email/}, its own class loader that
 * sees only the JDK and hawkeye-api, jakarta.mail finding its providers through the context class
 * loader the plugin manager sets.
 */
class EmailPluginLoadingTest {
    @RegisterExtension
    final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(true);

    @TempDir
    Path tmp;

    @Test
    void mailsFromItsOwnPluginFolder() throws Exception {
        Path plugins = PluginFolder.create(tmp.resolve("plugins"), "email", EmailNotifierFactory.class);

        try (PluginManager manager = PluginManager.load(plugins, ClassLoader.getPlatformClassLoader())) {
            assertThat(manager.plugins()).filteredOn(info -> info.kind() == PluginKind.NOTIFIER).extracting(PluginInfo::type,
                    info -> Path.of(info.origin()).getParent().getFileName().toString()).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("email", "email"));
            try (Notifier notifier = manager.createNotifier(section(Map.of("host", "127.0.0.1",
                    "port", greenMail.getSmtp().getPort(), "from", "hawkeye@example.com")))) {
                notifier.send(firing("checkout-errors/1/1/mail", route(List.of("oncall@example.com"), List.of())));
            }
        }

        assertThat(greenMail.getReceivedMessages()).hasSize(1);
        assertThat(greenMail.getReceivedMessages()[0].getSubject()).startsWith("[FIRING critical] checkout-errors");
    }
}
