package dev.hawkeye.core.testing;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.api.notify.NotifierFactory;
import dev.hawkeye.core.notify.ConsoleNotifier;
import java.io.PrintStream;
import java.util.List;

/**
 * A notifier of type {@code tagged-console} for core's tests: the console line, prefixed with the
 * section's {@code tag} ({@code [night] 2024-... FIRING ...}), so a test sees which notifier, made
 * from which section, delivered a notification.
 */
public final class TaggedConsoleNotifierFactory implements NotifierFactory {
    @Override
    public String type() {
        return "tagged-console";
    }

    @Override
    public Notifier create(PluginConfig config) {
        config.rejectUnknownKeys(List.of("tag"));
        String tag = config.requireString("tag");
        PrintStream out = System.out;
        return notification -> {
            synchronized (out) {
                out.println("[" + tag + "] " + ConsoleNotifier.format(notification));
                out.flush();
            }
        };
    }
}
