package dev.hawkeye.transport.unix;

import com.google.auto.service.AutoService;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.transport.Transport;
import dev.hawkeye.api.transport.TransportFactory;
import java.time.Clock;

/**
 * Creates the {@code unix} transport from a {@code transport: {type: unix, ...}} section, which
 * it validates at once (see {@link UnixTransportSettings#from}). Stateless and thread-safe.
 */
@AutoService(TransportFactory.class)
public final class UnixTransportFactory implements TransportFactory {
    public static final String TYPE = "unix";

    @Override
    public String type() {
        return TYPE;
    }

    /** @throws dev.hawkeye.api.config.ConfigException naming each key that cannot be used */
    @Override
    public Transport create(PluginConfig config) {
        return new UnixSocketTransport(UnixTransportSettings.from(config), Clock.systemUTC());
    }
}
