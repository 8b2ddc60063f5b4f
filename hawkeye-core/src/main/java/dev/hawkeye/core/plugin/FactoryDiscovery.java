package dev.hawkeye.core.plugin;

import dev.hawkeye.api.notify.NotifierFactory;
import dev.hawkeye.api.store.MetricStoreFactory;
import dev.hawkeye.api.transport.TransportFactory;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;

/**
 * Finds the factories of every {@link PluginKind} through {@link ServiceLoader}: the built-ins on
 * hawkeye's class path, or those of one plugin. Any failure is a {@link PluginException} naming
 * where and which class.
 */
final class FactoryDiscovery {

    private FactoryDiscovery() {
    }

    /** Every factory visible through {@code builtins}. */
    static List<LoadedFactory> builtIns(ClassLoader builtins) {
        List<LoadedFactory> found = new ArrayList<>();
        for (PluginKind kind : PluginKind.values()) {
            Iterator<? extends ServiceLoader.Provider<?>> providers =
                    ServiceLoader.load(kind.factoryType(), builtins).stream().iterator();
            while (true) {
                ServiceLoader.Provider<?> provider = next(providers, "built-in " + kind.noun() + " factories");
                if (provider == null) {
                    break;
                }
                String source = provider.type().getName() + " (built-in, " + locationOf(provider.type()) + ")";
                Object factory = instantiate(provider, source);
                String type = typeOf(factory, kind, source);
                PluginInfo info = new PluginInfo(kind, type, builtInVersion(provider.type()), PluginInfo.BUILT_IN);
                found.add(new LoadedFactory(info, factory, null, source));
            }
        }
        return found;
    }

    /**
     * The factories that {@code bundle}'s own jars define, found with {@code loader} as the thread's
     * context class loader. Factories visible only through the loader's parent do not count.
     */
    static List<LoadedFactory> plugin(PluginBundle bundle, ClassLoader loader, Map<Path, String> versions) {
        return ContextSwitch.call(loader, () -> {
            List<LoadedFactory> found = new ArrayList<>();
            for (PluginKind kind : PluginKind.values()) {
                Iterator<? extends ServiceLoader.Provider<?>> providers =
                        ServiceLoader.load(kind.factoryType(), loader).stream().iterator();
                while (true) {
                    ServiceLoader.Provider<?> provider = next(providers, bundle.describe() + ": " + kind.noun() + " factories");
                    if (provider == null) {
                        break;
                    }
                    Class<?> factoryClass = provider.type();
                    if (factoryClass.getClassLoader() != loader) {
                        continue;
                    }
                    Path jar = jarOf(factoryClass, bundle);
                    String source = factoryClass.getName() + " (" + jar + ")";
                    Object factory = instantiate(provider, bundle.describe() + ": " + source);
                    String type = typeOf(factory, kind, bundle.describe() + ": " + source);
                    String version = versions.getOrDefault(PluginBundle.key(jar), PluginInfo.UNKNOWN_VERSION);
                    found.add(new LoadedFactory(new PluginInfo(kind, type, version, jar.toString()), factory, loader, source));
                }
            }
            return found;
        });
    }

    /** The next provider, or {@code null} at the end. */
    private static ServiceLoader.Provider<?> next(Iterator<? extends ServiceLoader.Provider<?>> providers, String what) {
        try {
            return providers.hasNext() ? providers.next() : null;
        } catch (ServiceConfigurationError | LinkageError e) {
            // ServiceLoader's message names the provider class that could not be loaded.
            throw new PluginException("cannot load " + what + ": " + describe(e), e);
        }
    }

    private static Object instantiate(ServiceLoader.Provider<?> provider, String source) {
        try {
            return provider.get();
        } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
            Throwable cause = e instanceof ServiceConfigurationError && e.getCause() != null ? e.getCause() : e;
            throw new PluginException("cannot create factory " + source + ": " + describe(cause), e);
        }
    }

    private static String typeOf(Object factory, PluginKind kind, String source) {
        String type;
        try {
            type = switch (kind) {
                case TRANSPORT -> ((TransportFactory) factory).type();
                case STORE -> ((MetricStoreFactory) factory).type();
                case NOTIFIER -> ((NotifierFactory) factory).type();
            };
        } catch (LinkageError | RuntimeException e) {
            throw new PluginException("factory " + source + " failed in type(): " + describe(e), e);
        }
        if (type == null || type.isBlank() || !type.equals(type.strip()) || type.chars().anyMatch(Character::isWhitespace)) {
            throw new PluginException("factory " + source + " has an unusable type name '" + type
                    + "': a " + kind.noun() + " type must be one word");
        }
        return type;
    }

    /** The plugin jar that holds {@code factoryClass}, as the plugins directory spells it. */
    private static Path jarOf(Class<?> factoryClass, PluginBundle bundle) {
        Path location = codeLocation(factoryClass);
        return location == null ? bundle.location() : bundle.jarAt(PluginBundle.key(location));
    }

    private static String locationOf(Class<?> type) {
        Path location = codeLocation(type);
        return location == null ? "unknown location" : location.toString();
    }

    /** A built-in's version: its jar's {@code Implementation-Version}; unknown when run from classes. */
    private static String builtInVersion(Class<?> type) {
        Path location = codeLocation(type);
        if (location == null || !Files.isRegularFile(location)) {
            return PluginInfo.UNKNOWN_VERSION;
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            return PluginBundle.versionIn(jar.getManifest());
        } catch (IOException | SecurityException e) {
            // The version is only shown; the class itself loaded from this jar, so nothing else is wrong.
            return PluginInfo.UNKNOWN_VERSION;
        }
    }

    private static Path codeLocation(Class<?> type) {
        CodeSource codeSource = type.getProtectionDomain().getCodeSource();
        URL url = codeSource == null ? null : codeSource.getLocation();
        if (url == null || !"file".equals(url.getProtocol())) {
            return null;
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String describe(Throwable e) {
        return e instanceof ServiceConfigurationError ? e.getMessage() : e.toString();
    }
}
