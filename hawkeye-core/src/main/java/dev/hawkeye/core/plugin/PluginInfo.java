package dev.hawkeye.core.plugin;

import java.util.Objects;

/**
 * One factory the {@link PluginManager} found, as {@code hawkeye plugins} lists it. Immutable.
 *
 * @param kind    what it creates
 * @param type    the name a config refers to it by ({@code type: redis})
 * @param version the {@code Implementation-Version} of the jar it came from, or {@value #UNKNOWN_VERSION}
 * @param origin  {@value #BUILT_IN} for a factory on hawkeye's own class path, else the path of the
 *                plugin jar that holds the factory class
 */
public record PluginInfo(PluginKind kind, String type, String version, String origin) {
    public static final String BUILT_IN = "built-in";
    public static final String UNKNOWN_VERSION = "unknown";

    public PluginInfo {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(origin, "origin");
    }

    public boolean builtIn() {
        return BUILT_IN.equals(origin);
    }
}
