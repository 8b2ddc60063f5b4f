package dev.hawkeye.api.transport;

import dev.hawkeye.api.config.PluginConfig;

/**
 * Creates the {@link Transport} of a {@code transport:} section whose {@code type} is
 * {@link #type()}. Register an implementation with {@code @AutoService(TransportFactory.class)}.
 */
public interface TransportFactory {
    /** The name a config uses in {@code transport: {type: ...}}. */
    String type();

    /** Validates the section and creates the transport (not started yet). */
    Transport create(PluginConfig config);
}
