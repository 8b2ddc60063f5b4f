package dev.hawkeye.api.notify;

import dev.hawkeye.api.config.PluginConfig;

/**
 * Creates the {@link Notifier} of a {@code notifiers:} entry whose {@code type} is
 * {@link #type()}. Register an implementation with {@code @AutoService(NotifierFactory.class)}.
 */
public interface NotifierFactory {
    /** The name a config uses in {@code notifiers: {name: {type: ...}}}. */
    String type();

    /**
     * Validates the section (a missing {@code from:}, a bad port) and creates the notifier; throws
     * {@link dev.hawkeye.api.config.ConfigException} via {@link PluginConfig#invalid} for a bad
     * setting, so {@code hawkeye check} reports it before any alert.
     */
    Notifier create(PluginConfig config);
}
