package dev.hawkeye.transport.statsd;

import com.google.auto.service.AutoService;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.transport.Transport;
import dev.hawkeye.api.transport.TransportFactory;
import java.time.Clock;

/**
 * Creates the {@code statsd} transport from a {@code transport: {type: statsd, ...}} section,
 * which it validates at once (see {@link StatsdSettings#from}). Stateless and thread-safe.
 */
@AutoService(TransportFactory.class)
public final class StatsdTransportFactory implements TransportFactory {
    public static final String TYPE = "statsd";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Transport create(PluginConfig config) {
        return new StatsdTransport(StatsdSettings.from(config), Clock.systemUTC());
    }
}
