package dev.hawkeye.api.store;

import dev.hawkeye.api.config.PluginConfig;

/**
 * Creates the {@link MetricStore} of a {@code store:} section whose {@code type} is
 * {@link #type()}. Register an implementation with {@code @AutoService(MetricStoreFactory.class)}.
 */
public interface MetricStoreFactory {
    /** The name a config uses in {@code store: {type: ...}}. */
    String type();

    /**
     * Validates the whole section and creates the store. Must throw
     * {@link dev.hawkeye.api.config.ConfigException} (via {@link PluginConfig#invalid}) for a bad
     * setting, and {@link StoreException} when the store cannot be reached at all; the store it
     * returns is ready for use.
     */
    MetricStore create(PluginConfig config);
}
