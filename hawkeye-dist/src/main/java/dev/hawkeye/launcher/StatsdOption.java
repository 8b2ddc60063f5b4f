package dev.hawkeye.launcher;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.core.config.HawkeyeConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --statsd ADDR}: the daemon also listens for StatsD on UDP {@code ADDR}. It sets the
 * {@code udp} of the config's {@code statsd} transport, or adds one when the config has none.
 */
final class StatsdOption {
    static final String TYPE = "statsd";
    static final String UDP_KEY = "udp";
    private static final String ORIGIN = "--statsd";

    private StatsdOption() {
    }

    /** The config with the option applied; unchanged when {@code address} is null. */
    static HawkeyeConfig withStatsd(HawkeyeConfig config, String address) {
        if (address == null) {
            return config;
        }
        List<PluginConfig> transports = new ArrayList<>(config.transports());
        for (int index = 0; index < transports.size(); index++) {
            PluginConfig transport = transports.get(index);
            if (transport.type().filter(TYPE::equals).isPresent()) {
                Map<String, Object> values = new LinkedHashMap<>(transport.asMap());
                values.put(UDP_KEY, address);
                String udpKey = transport.path() + "." + UDP_KEY;
                transports.set(index, PluginConfig.of(transport.path(), values,
                        keyPath -> keyPath.equals(udpKey) ? ORIGIN : transport.problem(SocketSettings.relative(transport, keyPath), "").location()));
                return config.withTransports(transports);
            }
        }
        transports.add(PluginConfig.of("transport[" + transports.size() + "]", Map.of("type", TYPE, UDP_KEY, address),
                keyPath -> ORIGIN));
        return config.withTransports(transports);
    }
}
