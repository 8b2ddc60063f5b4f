package dev.hawkeye.notifier.email;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Lays out {@code plugins/<name>/} as the distribution does: this module's classes as one jar plus
 * its runtime dependencies (listed by Maven in {@code target/plugin-classpath.txt}).
 */
final class PluginFolder {
    private PluginFolder() {
    }

    static Path create(Path pluginsDir, String name, Class<?> pluginClass) throws Exception {
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

    static List<String> jarNames(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
