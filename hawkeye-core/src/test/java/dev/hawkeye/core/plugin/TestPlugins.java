package dev.hawkeye.core.plugin;

import dev.hawkeye.api.notify.NotifierFactory;
import dev.hawkeye.api.store.MetricStoreFactory;
import dev.hawkeye.api.transport.TransportFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plugin jars the plugin tests install, built once from the sources below. Each probe plugin
 * reports what it can see from inside its class loader, so a test can check isolation from outside.
 *
 * @param alpha        notifier {@code alpha} (version 1.2.3)
 * @param beta         notifier {@code beta} (version 2.0.0)
 * @param alphaAgain   another notifier of type {@code alpha}
 * @param gamma        store {@code probe-store} and transport {@code probe-transport}, no version
 * @param failing      a notifier factory whose constructor throws
 * @param missingClass a jar whose service entry names a class it does not contain
 * @param lib1         {@code com.example.lib.Version.version()} returns {@code 1.0}
 * @param lib2         {@code com.example.lib.Version.version()} returns {@code 2.0}
 * @param yamlStub     a class named like core's {@code org.yaml.snakeyaml.Yaml}
 */
record TestPlugins(Path alpha, Path beta, Path alphaAgain, Path gamma, Path failing, Path missingClass,
                   Path lib1, Path lib2, Path yamlStub) {

    static TestPlugins build(Path workDir) throws IOException {
        Map<String, String> sources = new LinkedHashMap<>();
        probeNotifier(sources, "com.example.alpha", "alpha");
        probeNotifier(sources, "com.example.beta", "beta");
        probeNotifier(sources, "com.example.again", "alpha");
        sources.put("com.example.gamma.ContextCheck", GAMMA_CONTEXT_CHECK);
        sources.put("com.example.gamma.ProbeStoreFactory", GAMMA_STORE_FACTORY);
        sources.put("com.example.gamma.ProbeStore", GAMMA_STORE);
        sources.put("com.example.gamma.ProbeTransportFactory", GAMMA_TRANSPORT_FACTORY);
        sources.put("com.example.gamma.ProbeTransport", GAMMA_TRANSPORT);
        sources.put("com.example.failing.FailingNotifierFactory", FAILING_FACTORY);
        sources.put("org.yaml.snakeyaml.Yaml", library("org.yaml.snakeyaml", "Yaml", "plugin's own stub"));
        Path classes = PluginJars.compile(workDir, sources);
        Path lib1Classes = PluginJars.compile(workDir, Map.of("com.example.lib.Version", library("com.example.lib", "Version", "1.0")));
        Path lib2Classes = PluginJars.compile(workDir, Map.of("com.example.lib.Version", library("com.example.lib", "Version", "2.0")));

        Path jars = Files.createDirectories(workDir.resolve("jars"));
        return new TestPlugins(
                PluginJars.jar(jars.resolve("alpha-notifier.jar"), classes, List.of("com/example/alpha/"),
                        Map.of(NotifierFactory.class, List.of("com.example.alpha.ProbeNotifierFactory")), "1.2.3"),
                PluginJars.jar(jars.resolve("beta-notifier.jar"), classes, List.of("com/example/beta/"),
                        Map.of(NotifierFactory.class, List.of("com.example.beta.ProbeNotifierFactory")), "2.0.0"),
                PluginJars.jar(jars.resolve("again-notifier.jar"), classes, List.of("com/example/again/"),
                        Map.of(NotifierFactory.class, List.of("com.example.again.ProbeNotifierFactory")), "9.9"),
                PluginJars.jar(jars.resolve("gamma.jar"), classes, List.of("com/example/gamma/"),
                        Map.of(MetricStoreFactory.class, List.of("com.example.gamma.ProbeStoreFactory"),
                                TransportFactory.class, List.of("com.example.gamma.ProbeTransportFactory")), null),
                PluginJars.jar(jars.resolve("failing.jar"), classes, List.of("com/example/failing/"),
                        Map.of(NotifierFactory.class, List.of("com.example.failing.FailingNotifierFactory")), "1.0"),
                PluginJars.jar(jars.resolve("missing-class.jar"), classes, List.of(),
                        Map.of(NotifierFactory.class, List.of("com.example.missing.GoneNotifierFactory")), "1.0"),
                PluginJars.jar(jars.resolve("lib-1.0.jar"), lib1Classes, List.of("com/example/lib/"), Map.of(), "1.0"),
                PluginJars.jar(jars.resolve("lib-2.0.jar"), lib2Classes, List.of("com/example/lib/"), Map.of(), "2.0"),
                PluginJars.jar(jars.resolve("snakeyaml-stub.jar"), classes, List.of("org/yaml/"), Map.of(), "0.1"));
    }

    /** Copies {@code jars} into {@code pluginsDir/folder/}, making one plugin of them. */
    static Path install(Path pluginsDir, String folder, Path... jars) throws IOException {
        Path target = Files.createDirectories(pluginsDir.resolve(folder));
        for (Path jar : jars) {
            Files.copy(jar, target.resolve(jar.getFileName()));
        }
        return target;
    }

    private static void probeNotifier(Map<String, String> sources, String pkg, String type) {
        sources.put(pkg + ".ProbeNotifierFactory", PROBE_NOTIFIER_FACTORY.replace("PKG", pkg).replace("TYPE", type));
        sources.put(pkg + ".ProbeNotifier", PROBE_NOTIFIER.replace("PKG", pkg));
    }

    private static String library(String pkg, String name, String version) {
        return "package " + pkg + ";\n"
                + "public final class " + name + " {\n"
                + "    public static String version() { return \"" + version + "\"; }\n"
                + "}\n";
    }

    private static final String PROBE_NOTIFIER_FACTORY = """
            package PKG;

            import dev.hawkeye.api.config.PluginConfig;
            import dev.hawkeye.api.notify.Notifier;
            import dev.hawkeye.api.notify.NotifierFactory;
            import java.nio.file.Path;

            public final class ProbeNotifierFactory implements NotifierFactory {
                @Override
                public String type() {
                    return "TYPE";
                }

                @Override
                public Notifier create(PluginConfig config) {
                    Path report = Path.of(config.requireString("report"));
                    boolean ownContext = Thread.currentThread().getContextClassLoader() == getClass().getClassLoader();
                    return new ProbeNotifier(report, config.stringList("probe"), ownContext);
                }
            }
            """;

    /** Writes what it sees from inside its plugin to a properties file. */
    private static final String PROBE_NOTIFIER = """
            package PKG;

            import dev.hawkeye.api.notify.Notification;
            import dev.hawkeye.api.notify.Notifier;
            import java.io.IOException;
            import java.io.Writer;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.util.List;
            import java.util.Properties;

            final class ProbeNotifier implements Notifier {
                private final Path report;
                private final List<String> probes;
                private final boolean ownContextInCreate;

                ProbeNotifier(Path report, List<String> probes, boolean ownContextInCreate) {
                    this.report = report;
                    this.probes = probes;
                    this.ownContextInCreate = ownContextInCreate;
                }

                @Override
                public void send(Notification notification) throws IOException {
                    ClassLoader own = getClass().getClassLoader();
                    Properties facts = new Properties();
                    facts.setProperty("monitor", notification.monitor());
                    facts.setProperty("kind", notification.kind().name());
                    facts.setProperty("loader", String.valueOf(own.getName()));
                    facts.setProperty("context.create", String.valueOf(ownContextInCreate));
                    facts.setProperty("context.send", String.valueOf(Thread.currentThread().getContextClassLoader() == own));
                    for (String probe : probes) {
                        facts.setProperty("probe." + probe, probe(probe, own));
                    }
                    try (Writer out = Files.newBufferedWriter(report)) {
                        facts.store(out, null);
                    }
                }

                /** "missing", "own[:version]" or "parent[:version]". */
                private static String probe(String className, ClassLoader own) {
                    Class<?> found;
                    try {
                        found = Class.forName(className);
                    } catch (ClassNotFoundException e) {
                        return "missing";
                    }
                    String from = found.getClassLoader() == own ? "own" : "parent";
                    try {
                        return from + ":" + found.getMethod("version").invoke(null);
                    } catch (NoSuchMethodException e) {
                        return from;
                    } catch (ReflectiveOperationException e) {
                        return from + ":" + e;
                    }
                }
            }
            """;

    private static final String GAMMA_CONTEXT_CHECK = """
            package com.example.gamma;

            final class ContextCheck {
                static boolean own() {
                    return Thread.currentThread().getContextClassLoader() == ContextCheck.class.getClassLoader();
                }
            }
            """;

    private static final String GAMMA_STORE_FACTORY = """
            package com.example.gamma;

            import dev.hawkeye.api.config.PluginConfig;
            import dev.hawkeye.api.store.MetricStore;
            import dev.hawkeye.api.store.MetricStoreFactory;

            public final class ProbeStoreFactory implements MetricStoreFactory {
                @Override
                public String type() {
                    return "probe-store";
                }

                @Override
                public MetricStore create(PluginConfig config) {
                    return new ProbeStore(ContextCheck.own());
                }
            }
            """;

    /** Reads answer 1 when called with its own context class loader, 0 otherwise. */
    private static final String GAMMA_STORE = """
            package com.example.gamma;

            import dev.hawkeye.api.metric.Aggregate;
            import dev.hawkeye.api.metric.FlushBatch;
            import dev.hawkeye.api.metric.Series;
            import dev.hawkeye.api.store.MetricStore;
            import java.time.Instant;
            import java.util.OptionalDouble;

            final class ProbeStore implements MetricStore {
                private final boolean ownContextInCreate;

                ProbeStore(boolean ownContextInCreate) {
                    this.ownContextInCreate = ownContextInCreate;
                }

                @Override
                public void write(FlushBatch batch) {
                }

                @Override
                public OptionalDouble read(Series series, Aggregate aggregate, Instant from, Instant to) {
                    return OptionalDouble.of(ContextCheck.own() ? 1 : 0);
                }


                @Override
                public String describe() {
                    return "probe-store create=" + ownContextInCreate + " describe=" + ContextCheck.own();
                }
            }
            """;

    private static final String GAMMA_TRANSPORT_FACTORY = """
            package com.example.gamma;

            import dev.hawkeye.api.config.PluginConfig;
            import dev.hawkeye.api.transport.Transport;
            import dev.hawkeye.api.transport.TransportFactory;

            public final class ProbeTransportFactory implements TransportFactory {
                @Override
                public String type() {
                    return "probe-transport";
                }

                @Override
                public Transport create(PluginConfig config) {
                    return new ProbeTransport(ContextCheck.own());
                }
            }
            """;

    private static final String GAMMA_TRANSPORT = """
            package com.example.gamma;

            import dev.hawkeye.api.transport.MetricSink;
            import dev.hawkeye.api.transport.QueryService;
            import dev.hawkeye.api.transport.Transport;

            final class ProbeTransport implements Transport {
                private final boolean ownContextInCreate;
                private volatile boolean ownContextInStart;

                ProbeTransport(boolean ownContextInCreate) {
                    this.ownContextInCreate = ownContextInCreate;
                }

                @Override
                public void start(MetricSink sink, QueryService query) {
                    ownContextInStart = ContextCheck.own();
                }

                @Override
                public String describe() {
                    return "probe-transport create=" + ownContextInCreate + " start=" + ownContextInStart
                            + " describe=" + ContextCheck.own();
                }

                @Override
                public void close() {
                }
            }
            """;

    private static final String FAILING_FACTORY = """
            package com.example.failing;

            import dev.hawkeye.api.config.PluginConfig;
            import dev.hawkeye.api.notify.Notifier;
            import dev.hawkeye.api.notify.NotifierFactory;

            public final class FailingNotifierFactory implements NotifierFactory {
                public FailingNotifierFactory() {
                    throw new IllegalStateException("no licence key");
                }

                @Override
                public String type() {
                    return "failing";
                }

                @Override
                public Notifier create(PluginConfig config) {
                    throw new UnsupportedOperationException();
                }
            }
            """;
}
