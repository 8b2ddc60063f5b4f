package dev.hawkeye.core.plugin;

/**
 * The installed plugins cannot be used: a jar that cannot be read, a factory class that cannot be
 * loaded or created, two factories with the same type. The message names the plugin folder or jar
 * and the class. Thrown by {@link PluginManager#load}, which then leaves nothing loaded.
 */
public class PluginException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PluginException(String message) {
        super(message);
    }

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
