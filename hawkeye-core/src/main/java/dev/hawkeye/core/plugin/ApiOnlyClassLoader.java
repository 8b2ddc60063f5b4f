package dev.hawkeye.core.plugin;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Objects;

/**
 * The parent of every plugin's class loader: it shows a plugin the JDK (through the platform class
 * loader), the {@code dev.hawkeye.api} packages (through the loader that loaded
 * {@code hawkeye-api}) and the SLF4J API (through the loader of core's SLF4J), and nothing else of
 * hawkeye's class path. So a plugin's own libraries are always loaded from the plugin, whatever
 * versions core or other plugins use, while the SPI types a plugin implements are the very classes
 * core calls. SLF4J is shared because the libraries plugins bring (jedis, jsonrpc4j) log through
 * it: shared, their lines reach hawkeye's log configuration instead of SLF4J's "no providers"
 * warning; its 2.x API is stable, so sharing it does not pin a plugin's libraries. Thread-safe.
 */
final class ApiOnlyClassLoader extends ClassLoader {
    private static final String API_PACKAGE = "dev.hawkeye.api.";
    private static final String API_RESOURCES = "dev/hawkeye/api/";
    private static final String SLF4J_PACKAGE = "org.slf4j.";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader apiLoader;
    private final ClassLoader slf4jLoader;

    ApiOnlyClassLoader(ClassLoader apiLoader, ClassLoader slf4jLoader) {
        super("hawkeye-api-only", ClassLoader.getPlatformClassLoader());
        this.apiLoader = Objects.requireNonNull(apiLoader, "apiLoader");
        this.slf4jLoader = Objects.requireNonNull(slf4jLoader, "slf4jLoader");
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(API_PACKAGE)) {
            return apiLoader.loadClass(name);
        }
        if (name.startsWith(SLF4J_PACKAGE)) {
            return slf4jLoader.loadClass(name);
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
