package dev.hawkeye.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Lays out {@code plugins/<name>/} as the distribution does, for a plugin module's test that loads
 * the plugin the way the launcher does: the module's classes as one jar plus its runtime
 * dependencies (which the module's build lists in {@code target/plugin-classpath.txt}).
 */
public final class PluginFolder {
    private PluginFolder() {
    }

    /**
     * Creates {@code pluginsDir/name/} holding the classes {@code pluginClass} was loaded from, as
     * {@code hawkeye-notifier-<name>.jar}, and the listed dependencies.
     *
     * @return {@code pluginsDir}
     */
    public static Path create(Path pluginsDir, String name, Class<?> pluginClass) throws Exception {
        Path folder = Files.createDirectories(pluginsDir.resolve(name));
        Path classes = Paths.get(pluginClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        jar(classes, folder.resolve("hawkeye-notifier-" + name + ".jar"));
        Path listing = classes.getParent().resolve("plugin-classpath.txt");
        for (String entry : Files.readString(listing).strip().split(java.io.File.pathSeparator)) {
            Path jar = Paths.get(entry);
            Files.copy(jar, folder.resolve(jar.getFileName()));
        }
        return pluginsDir;
    }

    private static void jar(Path classes, Path target) throws IOException {
        try (OutputStream file = Files.newOutputStream(target); JarOutputStream jar = new JarOutputStream(file);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path path : (Iterable<Path>) walk.sorted()::iterator) {
                String name = classes.relativize(path).toString().replace('\\', '/');
                if (name.isEmpty()) {
                    continue;
                }
                if (Files.isDirectory(path)) {
                    jar.putNextEntry(new JarEntry(name + "/"));
                } else {
                    jar.putNextEntry(new JarEntry(name));
                    Files.copy(path, jar);
                }
                jar.closeEntry();
            }
        }
    }
}
