package dev.hawkeye.http;

import com.google.auto.service.AutoService;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.transport.Transport;
import dev.hawkeye.api.transport.TransportFactory;
import java.time.Clock;

/**
 * Creates the HTTP server from the {@code http:} section, which it validates at once (see
 * {@link HttpSettings#from}). Stateless and thread-safe.
 */
@AutoService(TransportFactory.class)
public final class HttpTransportFactory implements TransportFactory {
    public static final String TYPE = "http";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Transport create(PluginConfig config) {
        return new HttpTransport(HttpSettings.from(config), Clock.systemUTC());
    }
}
