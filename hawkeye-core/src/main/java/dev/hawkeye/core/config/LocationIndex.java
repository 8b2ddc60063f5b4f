package dev.hawkeye.core.config;

import dev.hawkeye.api.config.PluginConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps key paths of one configuration back to where they are written, so that a plugin's error
 * about {@code notifiers.mail.port} names the file, line and column. Filled while the YAML tree is
 * built (and by translators for sections they synthesise); a path not written in the file is
 * located at its nearest written ancestor, or at the file itself.
 *
 * <p>Thread-safety: filled by one thread during a load; read-only (and safe to share) afterwards,
 * since the loaded configuration is published after loading completes.
 */
final class LocationIndex implements PluginConfig.Locator {
    private final String source;
    private final Map<String, Location> locations = new HashMap<>();

    LocationIndex(String source) {
        this.source = source;
    }

    void put(String keyPath, Location location) {
        locations.putIfAbsent(keyPath, location);
    }

    Location find(String keyPath) {
        String path = keyPath;
        while (!path.isEmpty()) {
            Location location = locations.get(path);
            if (location != null) {
                return location;
            }
            path = parent(path);
        }
        return Location.of(source);
    }

    @Override
    public String locate(String keyPath) {
        return find(keyPath).toString();
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }
}
