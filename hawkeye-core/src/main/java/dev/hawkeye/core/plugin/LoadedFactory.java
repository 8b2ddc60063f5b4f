package dev.hawkeye.core.plugin;

/**
 * A factory found and created at load time.
 *
 * @param info          what {@code hawkeye plugins} shows
 * @param factory       the factory, an instance of {@code info.kind().factoryType()}
 * @param contextLoader the plugin's class loader, to be the context class loader of every call
 *                      into it; {@code null} for a built-in, which runs with the caller's
 * @param source        the factory class and where it came from, for messages
 */
record LoadedFactory(PluginInfo info, Object factory, ClassLoader contextLoader, String source) {
}
