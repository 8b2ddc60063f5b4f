package dev.hawkeye.core.testing;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.transport.MetricSink;
import dev.hawkeye.api.transport.QueryService;
import dev.hawkeye.api.transport.Transport;
import dev.hawkeye.api.transport.TransportFactory;

/**
 * A transport of type {@code in-process} for core's tests: it listens nowhere, and a test records
 * through {@code Hawkeye.sink()} instead. It exists so that core can be started as a server without
 * the unix transport plugin on its class path.
 */
public final class InProcessTransportFactory implements TransportFactory {
    @Override
    public String type() {
        return "in-process";
    }

    @Override
    public Transport create(PluginConfig config) {
        config.rejectUnknownKeys(java.util.List.of());
        return new Transport() {
            @Override
            public void start(MetricSink sink, QueryService query) {
            }

            @Override
            public String describe() {
                return "in-process";
            }

            @Override
            public void close() {
            }
        };
    }
}
