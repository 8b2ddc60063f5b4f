package dev.hawkeye.core.plugin;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One plugin on disk: a folder of jars under the plugins directory, or a single jar directly in
 * it. It gets one class loader of its own.
 *
 * @param location the folder or the single jar
 * @param jars     the jars of the plugin, in name order
 */
record PluginBundle(Path location, List<Path> jars) {

    PluginBundle {
        jars = List.copyOf(jars);
    }

    /**
     * The plugins in {@code pluginsDir}, in name order: each subfolder (with the jars in it and in
     * its direct subfolders) and each jar directly in it. Hidden entries and other files are
     * skipped. A missing directory (or {@code null}) has no plugins.
     *
     * @throws PluginException when the directory exists but cannot be listed
     */
    static List<PluginBundle> scan(Path pluginsDir) {
        if (pluginsDir == null || !Files.exists(pluginsDir)) {
            return List.of();
        }
        if (!Files.isDirectory(pluginsDir)) {
            throw new PluginException("plugins directory " + pluginsDir + " is not a directory");
        }
        List<PluginBundle> bundles = new ArrayList<>();
        try {
            for (Path entry : list(pluginsDir)) {
                if (isHidden(entry)) {
                    continue;
                }
                if (Files.isDirectory(entry)) {
                    bundles.add(new PluginBundle(entry, jarsIn(entry)));
                } else if (isJar(entry)) {
                    bundles.add(new PluginBundle(entry, List.of(entry)));
                }
            }
        } catch (IOException e) {
            throw new PluginException("cannot read plugins directory " + pluginsDir + ": " + e, e);
        }
        return bundles;
    }

    /** "plugin folder /opt/hawkeye/plugins/redis" or "plugin jar /opt/hawkeye/plugins/x.jar", for messages. */
    String describe() {
        return (Files.isDirectory(location) ? "plugin folder " : "plugin jar ") + location;
    }

    /**
     * Each jar's {@code Implementation-Version} (or {@link PluginInfo#UNKNOWN_VERSION}), keyed by
     * the jar's absolute path. Reading every manifest up front also refuses a jar that is not one.
     *
     * @throws PluginException naming the plugin and the jar that cannot be read
     */
    Map<Path, String> readVersions() {
        Map<Path, String> versions = new LinkedHashMap<>();
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                versions.put(key(jar), versionIn(file.getManifest()));
            } catch (IOException | SecurityException e) {
                throw new PluginException(describe() + ": cannot read jar " + jar + ": " + e.getMessage(), e);
            }
        }
        return versions;
    }

    /** A new class loader over the plugin's jars; the caller closes it. */
    URLClassLoader openClassLoader(ClassLoader parent) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new PluginException(describe() + ": cannot use jar " + jars.get(i) + ": " + e.getMessage(), e);
            }
        }
        return new URLClassLoader("plugin:" + location.getFileName(), urls, parent);
    }

    /** The jar among this plugin's jars that {@code absolutePath} names, as the plugins directory spells it. */
    Path jarAt(Path absolutePath) {
        for (Path jar : jars) {
            if (key(jar).equals(absolutePath)) {
                return jar;
            }
        }
        return absolutePath;
    }

    static Path key(Path path) {
        return path.toAbsolutePath().normalize();
    }

    static String versionIn(Manifest manifest) {
        if (manifest == null) {
            return PluginInfo.UNKNOWN_VERSION;
        }
        String version = manifest.getMainAttributes().getValue(Attributes.Name.IMPLEMENTATION_VERSION);
        return version == null || version.isBlank() ? PluginInfo.UNKNOWN_VERSION : version.trim();
    }

    private static List<Path> jarsIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder, 2)) {
            return files.filter(path -> isJar(path) && !hiddenBelow(folder, path))
                    .sorted(Comparator.comparing(Path::toString))
                    .collect(Collectors.toList());
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted(Comparator.comparing(path -> path.getFileName().toString()))
                    .collect(Collectors.toList());
        }
    }

    private static boolean isJar(Path path) {
        return Files.isRegularFile(path) && path.getFileName().toString().endsWith(".jar");
    }

    private static boolean hiddenBelow(Path folder, Path path) {
        for (Path part : folder.relativize(path)) {
            if (isHidden(part)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isHidden(Path path) {
        return path.getFileName().toString().startsWith(".");
    }
}
