package dev.hawkeye.core.notify;

import com.google.auto.service.AutoService;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.api.notify.NotifierFactory;
import java.util.List;

/**
 * The built-in notifier of type {@code console}: one line per notification on standard output
 * (see {@link ConsoleNotifier}). Its section takes no key but {@code type}.
 */
@AutoService(NotifierFactory.class)
public final class ConsoleNotifierFactory implements NotifierFactory {
    public static final String TYPE = "console";

    @Override
    public String type() {
        return TYPE;
    }

    /** @throws dev.hawkeye.api.config.ConfigException for any key besides {@code type} */
    @Override
    public Notifier create(PluginConfig config) {
        config.rejectUnknownKeys(List.of());
        return new ConsoleNotifier(System.out);
    }
}
