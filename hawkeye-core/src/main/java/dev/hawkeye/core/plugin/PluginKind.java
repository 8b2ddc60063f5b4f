package dev.hawkeye.core.plugin;

import dev.hawkeye.api.notify.NotifierFactory;
import dev.hawkeye.api.store.MetricStoreFactory;
import dev.hawkeye.api.transport.TransportFactory;
import java.util.Locale;

/** The three kinds of plugin, each found through its factory interface in {@code hawkeye-api}. */
public enum PluginKind {
    TRANSPORT(TransportFactory.class),
    STORE(MetricStoreFactory.class),
    NOTIFIER(NotifierFactory.class);

    private final Class<?> factoryType;

    PluginKind(Class<?> factoryType) {
        this.factoryType = factoryType;
    }

    /** The SPI interface a plugin of this kind implements and registers with {@code @AutoService}. */
    public Class<?> factoryType() {
        return factoryType;
    }

    /** The kind in lower case, as messages and {@code hawkeye plugins} write it: {@code store}. */
    public String noun() {
        return name().toLowerCase(Locale.ROOT);
    }
}
