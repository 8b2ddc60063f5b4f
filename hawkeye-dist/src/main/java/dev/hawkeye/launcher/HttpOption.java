package dev.hawkeye.launcher;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.core.config.Environment;
import dev.hawkeye.core.config.HawkeyeConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --http ADDR} (else {@code $HAWKEYE_HTTP}): where the daemon's HTTP server listens, which
 * sets the {@code listen} of the config's {@code http:} section; {@code off} turns the server off.
 */
final class HttpOption {
    static final String ENV = "HAWKEYE_HTTP";
    static final String OFF = "off";
    private static final String TYPE = "http";
    private static final String LISTEN_KEY = "listen";

    private HttpOption() {
    }

    /** The address given on the command line, else in the environment, with where it came from. */
    static Optional<Choice> chosen(String option, Environment environment) {
        if (option != null) {
            return Optional.of(new Choice(option.trim(), "--http"));
        }
        return environment.get(ENV).filter(value -> !value.isBlank()).map(value -> new Choice(value.trim(), ENV));
    }

    /** The config with the choice applied; unchanged without one. */
    static HawkeyeConfig withHttp(HawkeyeConfig config, Optional<Choice> choice) {
        if (choice.isEmpty()) {
            return config;
        }
        if (choice.get().address().equals(OFF)) {
            return config.withHttp(null);
        }
        PluginConfig http = config.http();
        Map<String, Object> values = new LinkedHashMap<>(http == null ? Map.of("type", TYPE) : http.asMap());
        values.put(LISTEN_KEY, choice.get().address());
        String path = http == null ? TYPE : http.path();
        String listenKey = path + "." + LISTEN_KEY;
        return config.withHttp(PluginConfig.of(path, values, keyPath -> keyPath.equals(listenKey) || http == null
                ? choice.get().origin() : http.problem(SocketSettings.relative(http, keyPath), "").location()));
    }

    /** An address (or {@code off}) and where it was given ({@code --http} or {@code HAWKEYE_HTTP}), for messages. */
    record Choice(String address, String origin) {
    }
}
