package dev.hawkeye.launcher;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.core.config.ConfigLoader;
import dev.hawkeye.core.config.Environment;
import dev.hawkeye.core.config.HawkeyeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the socket is. Precedence: {@code --socket}, then {@code HAWKEYE_SOCKET}, then the
 * config's {@code unix} transport's {@code path}, then {@code /tmp/hawkeye.sock}.
 */
final class SocketSettings {
    static final String PATH_KEY = "path";
    private static final String UNIX_TYPE = "unix";
    private static final Logger log = LoggerFactory.getLogger(SocketSettings.class);

    private SocketSettings() {
    }

    /**
     * The config with its {@code unix} transport's {@code path} set: to the override when there is
     * one, else to the default when the config does not set it. A config without a {@code unix}
     * transport is returned as it is.
     */
    static HawkeyeConfig withSocket(HawkeyeConfig config, Optional<CommonOptions.SocketChoice> override) {
        int index = unixTransportIndex(config);
        if (index < 0) {
            return config;
        }
        PluginConfig transport = config.transports().get(index);
        if (override.isEmpty() && transport.has(PATH_KEY)) {
            return config;
        }
        Path path = override.map(CommonOptions.SocketChoice::path).orElse(CommonOptions.DEFAULT_SOCKET);
        String origin = override.map(CommonOptions.SocketChoice::origin).orElse("the default socket path");
        Map<String, Object> values = new LinkedHashMap<>(transport.asMap());
        values.put(PATH_KEY, path.toString());
        String pathKey = transport.path().isEmpty() ? PATH_KEY : transport.path() + "." + PATH_KEY;
        PluginConfig.Locator locator = keyPath -> keyPath.equals(pathKey) ? origin : transport.problem(relative(transport, keyPath), "").location();
        List<PluginConfig> transports = new ArrayList<>(config.transports());
        transports.set(index, PluginConfig.of(transport.path(), values, locator));
        return config.withTransports(transports);
    }

    /** The socket a config with {@link #withSocket} applied listens on. */
    static Path socketOf(HawkeyeConfig config) {
        int index = unixTransportIndex(config);
        return index < 0 ? CommonOptions.DEFAULT_SOCKET
                : config.transports().get(index).string(PATH_KEY).map(Path::of).orElse(CommonOptions.DEFAULT_SOCKET);
    }

    private static int unixTransportIndex(HawkeyeConfig config) {
        List<PluginConfig> transports = config.transports();
        for (int index = 0; index < transports.size(); index++) {
            if (transports.get(index).type().filter(UNIX_TYPE::equals).isPresent()) {
                return index;
            }
        }
        return -1;
    }

    /**
     * The socket the tool commands ({@code send}, {@code query}, {@code status}) connect to. The
     * config file is read only when no override is given and it exists; when it cannot be read,
     * that is logged and the default is used, since these commands do not need the config.
     */
    static Path forTools(CommonOptions options, Environment environment) {
        Optional<CommonOptions.SocketChoice> override = options.socketOverride(environment);
        if (override.isPresent()) {
            return override.get().path();
        }
        Path configFile = options.configFile(environment);
        if (!Files.isRegularFile(configFile)) {
            return CommonOptions.DEFAULT_SOCKET;
        }
        try {
            return socketOf(withSocket(new ConfigLoader(environment).load(configFile), Optional.empty()));
        } catch (ConfigException e) {
            log.warn("cannot read the socket path from {} ({} problems, see hawkeye check); using {}",
                    configFile, e.problems().size(), CommonOptions.DEFAULT_SOCKET);
            return CommonOptions.DEFAULT_SOCKET;
        }
    }

    /** {@code keyPath} relative to {@code section}: what {@link PluginConfig#problem} takes. */
    static String relative(PluginConfig section, String keyPath) {
        String prefix = section.path() + ".";
        if (keyPath.equals(section.path())) {
            return "";
        }
        return keyPath.startsWith(prefix) ? keyPath.substring(prefix.length()) : keyPath;
    }
}
