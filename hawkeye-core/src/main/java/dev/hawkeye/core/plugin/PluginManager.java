package dev.hawkeye.core.plugin;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.config.Spelling;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.api.notify.NotifierFactory;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.store.MetricStoreFactory;
import dev.hawkeye.api.transport.Transport;
import dev.hawkeye.api.transport.TransportFactory;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transports, stores and notifiers hawkeye can use, and the one place their instances are made.
 *
 * <p>{@link #load} finds the built-in factories on hawkeye's class path and every plugin in the
 * plugins directory: each subfolder (all jars in it) and each jar directly in it becomes one plugin
 * with a class loader of its own, whose parent shows only the JDK and {@code dev.hawkeye.api}. So a
 * plugin's libraries stay inside it, and two plugins may carry different versions of one library.
 * Every call into a plugin (its factory's {@code create}, then every method of what it creates)
 * runs with the plugin's class loader as the thread's context class loader. Built-ins are core's
 * own classes: what their factories create is returned as is and runs with the caller's loader.
 *
 * <p>A loaded manager is immutable and thread-safe. {@link #close} releases the plugins' class
 * loaders; call it only after every transport, store and notifier it created is closed.
 */
public final class PluginManager implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PluginManager.class);

    private final Map<PluginKind, SortedMap<String, LoadedFactory>> factories;
    private final List<URLClassLoader> pluginLoaders;

    private PluginManager(Map<PluginKind, SortedMap<String, LoadedFactory>> factories, List<URLClassLoader> pluginLoaders) {
        this.factories = factories;
        this.pluginLoaders = List.copyOf(pluginLoaders);
    }

    /**
     * Finds every built-in and every plugin, or fails as a whole.
     *
     * @param pluginsDir the plugins directory; {@code null} or missing means built-ins only
     * @param builtins   where the built-in factories are found ({@code META-INF/services}); usually
     *                   the class loader that loaded hawkeye
     * @throws PluginException when a plugin jar cannot be read, a factory class cannot be loaded or
     *                         created, or two factories of one kind have the same type; the message
     *                         names the plugin and the class (both jars for a duplicate). Nothing
     *                         stays loaded then.
     */
    public static PluginManager load(Path pluginsDir, ClassLoader builtins) {
        Objects.requireNonNull(builtins, "builtins");
        ApiOnlyClassLoader apiOnly = new ApiOnlyClassLoader(NotifierFactory.class.getClassLoader(),
                LoggerFactory.class.getClassLoader());
        List<URLClassLoader> loaders = new ArrayList<>();
        try {
            Map<PluginKind, SortedMap<String, LoadedFactory>> factories = new EnumMap<>(PluginKind.class);
            for (PluginKind kind : PluginKind.values()) {
                factories.put(kind, new TreeMap<>());
            }
            for (LoadedFactory factory : FactoryDiscovery.builtIns(builtins)) {
                register(factories, factory);
            }
            for (PluginBundle bundle : PluginBundle.scan(pluginsDir)) {
                Map<Path, String> versions = bundle.readVersions();
                URLClassLoader loader = bundle.openClassLoader(apiOnly);
                loaders.add(loader);
                List<LoadedFactory> found = FactoryDiscovery.plugin(bundle, loader, versions);
                if (found.isEmpty()) {
                    log.warn("{} ignored: its jars contain no transport, store or notifier factory", bundle.describe());
                    loaders.remove(loader);
                    closeQuietly(loader);
                    continue;
                }
                for (LoadedFactory factory : found) {
                    register(factories, factory);
                    log.info("loaded {} '{}' {} from {}", factory.info().kind().noun(), factory.info().type(),
                            factory.info().version(), factory.info().origin());
                }
            }
            factories.replaceAll((kind, byType) -> Collections.unmodifiableSortedMap(byType));
            return new PluginManager(Collections.unmodifiableMap(factories), loaders);
        } catch (RuntimeException | Error e) {
            loaders.forEach(PluginManager::closeQuietly);
            throw e;
        }
    }

    private static void register(Map<PluginKind, SortedMap<String, LoadedFactory>> factories, LoadedFactory factory) {
        PluginInfo info = factory.info();
        LoadedFactory earlier = factories.get(info.kind()).putIfAbsent(info.type(), factory);
        if (earlier != null) {
            throw new PluginException("two " + info.kind().noun() + " factories have the type '" + info.type()
                    + "': " + earlier.source() + " and " + factory.source() + "; remove one of them");
        }
    }

    /** Every factory found, sorted by kind, then type. */
    public List<PluginInfo> plugins() {
        List<PluginInfo> all = new ArrayList<>();
        factories.values().forEach(byType -> byType.values().forEach(factory -> all.add(factory.info())));
        all.sort(Comparator.comparing(PluginInfo::kind).thenComparing(PluginInfo::type));
        return List.copyOf(all);
    }

    /** The types of {@code kind} a config may name, sorted. */
    public Set<String> types(PluginKind kind) {
        return Collections.unmodifiableSet(factories.get(kind).keySet());
    }

    /**
     * Creates the store that {@code section} (the {@code store:} section) describes.
     *
     * @throws ConfigException when the section names no type or an unknown one (listing the known
     *                         types), or when the factory refuses the section (passed on unchanged)
     * @throws PluginException when the plugin fails for want of a class it needs, or returns nothing
     */
    public MetricStore createStore(PluginConfig section) {
        LoadedFactory factory = factoryFor(PluginKind.STORE, section);
        MetricStoreFactory storeFactory = (MetricStoreFactory) factory.factory();
        MetricStore store = create(factory, () -> storeFactory.create(section));
        return factory.contextLoader() == null ? store : new ContextMetricStore(store, factory.contextLoader());
    }

    /**
     * Creates the notifier that {@code section} (one entry of {@code notifiers:}) describes.
     *
     * @throws ConfigException as {@link #createStore} does
     * @throws PluginException as {@link #createStore} does
     */
    public Notifier createNotifier(PluginConfig section) {
        LoadedFactory factory = factoryFor(PluginKind.NOTIFIER, section);
        NotifierFactory notifierFactory = (NotifierFactory) factory.factory();
        Notifier notifier = create(factory, () -> notifierFactory.create(section));
        return factory.contextLoader() == null ? notifier : new ContextNotifier(notifier, factory.contextLoader());
    }

    /**
     * Creates the transport (not started) that {@code section} (the {@code transport:} section) describes.
     *
     * @throws ConfigException as {@link #createStore} does
     * @throws PluginException as {@link #createStore} does
     */
    public Transport createTransport(PluginConfig section) {
        LoadedFactory factory = factoryFor(PluginKind.TRANSPORT, section);
        TransportFactory transportFactory = (TransportFactory) factory.factory();
        Transport transport = create(factory, () -> transportFactory.create(section));
        return factory.contextLoader() == null ? transport : new ContextTransport(transport, factory.contextLoader());
    }

    private LoadedFactory factoryFor(PluginKind kind, PluginConfig section) {
        SortedMap<String, LoadedFactory> byType = factories.get(kind);
        String known = byType.isEmpty() ? "none installed" : String.join(", ", byType.keySet());
        String type = section.type().orElseThrow(() -> section.invalid("type", "is required; known types: " + known));
        LoadedFactory factory = byType.get(type);
        if (factory == null) {
            throw section.invalid("type", "unknown " + kind.noun() + " type '" + type + "'; known types: " + known
                    + Spelling.hint(type, byType.keySet()));
        }
        return factory;
    }

    private static <T> T create(LoadedFactory factory, ContextSwitch.Call<T, RuntimeException> create) {
        T created;
        try {
            created = factory.contextLoader() == null ? create.call() : ContextSwitch.call(factory.contextLoader(), create);
        } catch (LinkageError e) {
            // A class the plugin needs is missing or incompatible: say which plugin, not just which class.
            throw new PluginException(factory.info().kind().noun() + " factory " + factory.source()
                    + " failed: " + e, e);
        }
        if (created == null) {
            throw new PluginException(factory.info().kind().noun() + " factory " + factory.source()
                    + " returned nothing for type '" + factory.info().type() + "'");
        }
        return created;
    }

    /** Closes the plugins' class loaders. Idempotent. */
    @Override
    public void close() {
        pluginLoaders.forEach(PluginManager::closeQuietly);
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            log.warn("cannot close class loader {}: {}", loader.getName(), e.toString());
        }
    }
}
