package dev.hawkeye.core.plugin;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Objects;

/**
 * The parent of every plugin's class loader: it shows a plugin the JDK (through the platform class
 * loader) and the {@code dev.hawkeye.api} packages (through the loader that loaded
 * {@code hawkeye-api}), and nothing else of hawkeye's class path. So a plugin's own libraries are
 * always loaded from the plugin, whatever versions core or other plugins use, while the SPI types
 * a plugin implements are the very classes core calls. Thread-safe.
 */
final class ApiOnlyClassLoader extends ClassLoader {
    private static final String API_PACKAGE = "dev.hawkeye.api.";
    private static final String API_RESOURCES = "dev/hawkeye/api/";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader apiLoader;

    ApiOnlyClassLoader(ClassLoader apiLoader) {
        super("hawkeye-api-only", ClassLoader.getPlatformClassLoader());
        this.apiLoader = Objects.requireNonNull(apiLoader, "apiLoader");
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(API_PACKAGE)) {
            return apiLoader.loadClass(name);
        }
        // The platform loader (our parent) or nothing: findClass of ClassLoader always fails.
        return super.loadClass(name, resolve);
    }

    @Override
    protected URL findResource(String name) {
        return name.startsWith(API_RESOURCES) ? apiLoader.getResource(name) : null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        return name.startsWith(API_RESOURCES) ? apiLoader.getResources(name) : Collections.emptyEnumeration();
    }
}
