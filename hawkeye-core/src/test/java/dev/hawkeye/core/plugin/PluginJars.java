package dev.hawkeye.core.plugin;

import dev.hawkeye.api.notify.NotifierFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Builds plugin jars in a test: compiles Java sources against {@code hawkeye-api} alone (as a real
 * plugin is compiled) and packs classes, {@code META-INF/services} entries and a manifest.
 */
final class PluginJars {
    private PluginJars() {
    }

    /** Compiles {@code sources} (class name to source text) into a new folder under {@code workDir}. */
    static Path compile(Path workDir, Map<String, String> sources) throws IOException {
        Path classes = Files.createTempDirectory(workDir, "classes");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, code) -> units.add(new Source(name, code)));
        StringWriter errors = new StringWriter();
        List<String> options = List.of("--release", "17", "-classpath", apiClassPath().toString(), "-d", classes.toString());
        Boolean ok = javac.getTask(errors, null, null, options, null, units).call();
        if (!ok) {
            throw new AssertionError("test plugin does not compile:\n" + errors);
        }
        return classes;
    }

    /**
     * Writes a jar with the classes of {@code classes} whose names start with one of
     * {@code packages} (as paths: {@code com/example/alpha/}), the service entries
     * (SPI interface to implementation class names) and, unless null, an {@code Implementation-Version}.
     */
    static Path jar(Path jar, Path classes, List<String> packages, Map<Class<?>, List<String>> services,
                    String version) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (version != null) {
            manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        }
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Path classFile : classFiles(classes)) {
                String name = classes.relativize(classFile).toString().replace('\\', '/');
                if (packages.stream().anyMatch(name::startsWith)) {
                    out.putNextEntry(new JarEntry(name));
                    out.write(Files.readAllBytes(classFile));
                    out.closeEntry();
                }
            }
            for (Map.Entry<Class<?>, List<String>> service : services.entrySet()) {
                out.putNextEntry(new JarEntry("META-INF/services/" + service.getKey().getName()));
                out.write((String.join("\n", service.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    /** Where the {@code hawkeye-api} classes are: a folder in the reactor build, a jar otherwise. */
    private static Path apiClassPath() {
        try {
            return Path.of(NotifierFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> classFiles(Path classes) throws IOException {
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(path -> path.toString().endsWith(".class")).sorted().collect(Collectors.toList());
        }
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String className, String code) {
            super(URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
