package dev.hawkeye.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.config.ConfigProblem;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.api.notify.NotifierFactory;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.transport.Transport;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginManagerTest {
    /** Finds no built-in factories: the tests do not depend on which built-ins core has. */
    private static final ClassLoader NO_BUILT_INS = ClassLoader.getPlatformClassLoader();

    @TempDir
    static Path fixtures;
    private static TestPlugins jars;

    @TempDir
    Path work;

    @BeforeAll
    static void buildPluginJars() throws IOException {
        jars = TestPlugins.build(fixtures);
    }

    @Test
    void listsAPluginFolderWithKindTypeVersionAndTheJarItCameFrom() throws IOException {
        Path plugins = work.resolve("plugins");
        TestPlugins.install(plugins, "alpha", jars.alpha(), jars.lib1());

        try (PluginManager manager = PluginManager.load(plugins, NO_BUILT_INS)) {
            assertThat(manager.plugins()).containsExactly(new PluginInfo(PluginKind.NOTIFIER, "alpha", "1.2.3",
                    plugins.resolve("alpha/alpha-notifier.jar").toString()));
            assertThat(manager.types(PluginKind.NOTIFIER)).containsExactly("alpha");
            assertThat(manager.types(PluginKind.STORE)).isEmpty();
        }
    }

    @Test
    void aJarDirectlyInThePluginsFolderIsAPluginAndTheListIsSortedByKindThenType() throws IOException {
        Path plugins = work.resolve("plugins");
        TestPlugins.install(plugins, "alpha", jars.alpha());
        Files.copy(jars.gamma(), plugins.resolve("gamma.jar"));

        try (PluginManager manager = PluginManager.load(plugins, NO_BUILT_INS)) {
            String gamma = plugins.resolve("gamma.jar").toString();
            assertThat(manager.plugins()).containsExactly(
                    new PluginInfo(PluginKind.TRANSPORT, "probe-transport", "unknown", gamma),
                    new PluginInfo(PluginKind.STORE, "probe-store", "unknown", gamma),
                    new PluginInfo(PluginKind.NOTIFIER, "alpha", "1.2.3", plugins.resolve("alpha/alpha-notifier.jar").toString()));
        }
    }

    @Test
    void createsAWorkingNotifierThatRunsWithThePluginsContextClassLoader() throws Exception {
        Path plugins = work.resolve("plugins");
        TestPlugins.install(plugins, "alpha", jars.alpha());
        ClassLoader before = Thread.currentThread().getContextClassLoader();

        try (PluginManager manager = PluginManager.load(plugins, NO_BUILT_INS);
             Notifier notifier = manager.createNotifier(section("type", "alpha", "report", report()))) {
            notifier.send(firing("api-errors"));

            Properties facts = readReport();
            assertThat(facts).containsEntry("monitor", "api-errors").containsEntry("kind", "FIRING")
                    .containsEntry("context.create", "true").containsEntry("context.send", "true");
        }
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    }

    @Test
    void aPluginsClassesAreDefinedByItsOwnClassLoader() throws Exception {
        Path plugins = work.resolve("plugins");
        TestPlugins.install(plugins, "alpha", jars.alpha());

        try (PluginManager manager = PluginManager.load(plugins, NO_BUILT_INS);
             Notifier notifier = manager.createNotifier(section("type", "alpha", "report", report(),
                     "probe", List.of("com.example.alpha.ProbeNotifierFactory")))) {
            notifier.send(firing("api-errors"));

            assertThat(readReport()).containsEntry("loader", "plugin:alpha")
                    .containsEntry("probe.com.example.alpha.ProbeNotifierFactory", "own");
        }
        assertThatThrownBy(() -> Class.forName("com.example.alpha.ProbeNotifierFactory"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void twoPluginsBundlingDifferentVersionsOfOneLibraryEachSeeTheirOwn() throws Exception {
        Path plugins = work.resolve("plugins");
        TestPlugins.install(plugins, "alpha", jars.alpha(), jars.lib1());
        TestPlugins.install(plugins, "beta", jars.beta(), jars.lib2());

        try (PluginManager manager = PluginManager.load(plugins, NO_BUILT_INS)) {
            assertThat(sendAndProbe(manager, "alpha", "com.example.lib.Version")).isEqualTo("own:1.0");
            assertThat(sendAndProbe(manager, "beta", "com.example.lib.Version")).isEqualTo("own:2.0");
        }
    }

    @Test
    void aPluginBundlingALibraryCoreAlsoHasSeesItsOwnCopyAndAPluginWithoutItSeesNone() throws Exception {
        Class<?> coresYaml = Class.forName("org.yaml.snakeyaml.Yaml", false, PluginManager.class.getClassLoader());
        assertThat(coresYaml.getProtectionDomain().getCodeSource().getLocation().getPath())
                .as("core has the real snakeyaml on its class path, so the plugins' answers below are not core's").contains("snakeyaml");
        Path plugins = work.resolve("plugins");
        TestPlugins.install(plugins, "alpha", jars.alpha(), jars.yamlStub());
        TestPlugins.install(plugins, "beta", jars.beta());

        try (PluginManager manager = PluginManager.load(plugins, NO_BUILT_INS)) {
            assertThat(sendAndProbe(manager, "alpha", "org.yaml.snakeyaml.Yaml")).isEqualTo("own:plugin's own stub");
            assertThat(sendAndProbe(manager, "beta", "org.yaml.snakeyaml.Yaml")).isEqualTo("missing");
        }
    }

    @Test
    void aPluginSeesTheJdkTheApiAndSlf4jButNotCoreOrCoresOtherLibraries() throws Exception {
        Path plugins = work.resolve("plugins");
        TestPlugins.install(plugins, "alpha", jars.alpha());

        try (PluginManager manager = PluginManager.load(plugins, NO_BUILT_INS)) {
            assertThat(sendAndProbe(manager, "alpha", "dev.hawkeye.api.metric.Series")).isEqualTo("parent");
            assertThat(sendAndProbe(manager, "alpha", "java.sql.Connection")).isEqualTo("parent");
            assertThat(sendAndProbe(manager, "alpha", "dev.hawkeye.core.Counters")).isEqualTo("missing");
            assertThat(sendAndProbe(manager, "alpha", "dev.hawkeye.core.plugin.PluginManager")).isEqualTo("missing");
            assertThat(sendAndProbe(manager, "alpha", "org.yaml.snakeyaml.Yaml")).isEqualTo("missing");
            assertThat(sendAndProbe(manager, "alpha", "org.slf4j.Logger")).isEqualTo("parent");
        }
    }

    @Test
    void storesAndTransportsRunWithThePluginsContextClassLoader() throws Exception {
        Path plugins = work.resolve("plugins");
        Files.createDirectories(plugins);
        Files.copy(jars.gamma(), plugins.resolve("gamma.jar"));

        try (PluginManager manager = PluginManager.load(plugins, NO_BUILT_INS);
             MetricStore store = manager.createStore(PluginConfig.of("store", Map.of("type", "probe-store"), key -> ""));
             Transport transport = manager.createTransport(PluginConfig.of("transport", Map.of("type", "probe-transport"), key -> ""))) {
            transport.start(point -> { }, null);

            assertThat(store.describe()).isEqualTo("probe-store create=true describe=true");
            assertThat(store.read(Series.of("api.errors"), Aggregate.COUNT, Instant.EPOCH, Instant.EPOCH.plusSeconds(60)))
                    .hasValue(1);
            assertThat(transport.describe()).isEqualTo("probe-transport create=true start=true describe=true");
        }
    }

    @Test
    void twoPluginsWithTheSameTypeAreAnErrorNamingBothJars() throws IOException {
        Path plugins = work.resolve("plugins");
        TestPlugins.install(plugins, "alpha", jars.alpha());
        TestPlugins.install(plugins, "again", jars.alphaAgain());

        assertThatThrownBy(() -> PluginManager.load(plugins, NO_BUILT_INS))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("two notifier factories have the type 'alpha'")
                .hasMessageContaining(plugins.resolve("alpha/alpha-notifier.jar").toString())
                .hasMessageContaining(plugins.resolve("again/again-notifier.jar").toString());
    }

    @Test
    void aPluginWithTheTypeOfABuiltInIsAnErrorNamingBoth() throws IOException {
        Path plugins = work.resolve("plugins");
        TestPlugins.install(plugins, "again", jars.alphaAgain());

        try (URLClassLoader builtins = builtIns(jars.alpha())) {
            assertThatThrownBy(() -> PluginManager.load(plugins, builtins))
                    .isInstanceOf(PluginException.class)
                    .hasMessageContaining("com.example.alpha.ProbeNotifierFactory (built-in, " + jars.alpha() + ")")
                    .hasMessageContaining(plugins.resolve("again/again-notifier.jar").toString());
        }
    }

    @Test
    void aMissingPluginsFolderMeansBuiltInsOnly() throws Exception {
        try (URLClassLoader builtins = builtIns(jars.beta());
             PluginManager missing = PluginManager.load(work.resolve("no-such-folder"), builtins);
             PluginManager none = PluginManager.load(null, builtins)) {
            PluginInfo beta = new PluginInfo(PluginKind.NOTIFIER, "beta", "2.0.0", PluginInfo.BUILT_IN);
            assertThat(missing.plugins()).containsExactly(beta);
            assertThat(none.plugins()).containsExactly(beta);

            try (Notifier notifier = missing.createNotifier(section("type", "beta", "report", report()))) {
                notifier.send(firing("disk-full"));
            }
            assertThat(readReport()).containsEntry("monitor", "disk-full");
        }
    }

    @Test
    void anUnknownTypeInTheConfigIsAnErrorListingTheKnownTypesWithAGuess() throws IOException {
        Path plugins = work.resolve("plugins");
        TestPlugins.install(plugins, "alpha", jars.alpha());
        TestPlugins.install(plugins, "beta", jars.beta());

        try (PluginManager manager = PluginManager.load(plugins, NO_BUILT_INS)) {
            assertThatThrownBy(() -> manager.createNotifier(section("type", "alpah")))
                    .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                            new ConfigProblem("monitors.yaml:7:5", "notifiers.pager.type",
                                    "unknown notifier type 'alpah'; known types: alpha, beta (did you mean 'alpha'?)")));
            assertThatThrownBy(() -> manager.createStore(PluginConfig.of("store", Map.of("type", "redis"), key -> "")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("unknown store type 'redis'; known types: none installed");
        }
    }

    @Test
    void aSectionWithoutTypeIsAnErrorListingTheKnownTypes() throws IOException {
        Path plugins = work.resolve("plugins");
        TestPlugins.install(plugins, "alpha", jars.alpha());

        try (PluginManager manager = PluginManager.load(plugins, NO_BUILT_INS)) {
            assertThatThrownBy(() -> manager.createNotifier(section("report", "x")))
                    .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                            new ConfigProblem("monitors.yaml:7:5", "notifiers.pager.type", "is required; known types: alpha")));
        }
    }

    @Test
    void aConfigErrorFromAPluginsFactoryPassesThroughUnchanged() throws IOException {
        Path plugins = work.resolve("plugins");
        TestPlugins.install(plugins, "alpha", jars.alpha());

        try (PluginManager manager = PluginManager.load(plugins, NO_BUILT_INS)) {
            assertThatThrownBy(() -> manager.createNotifier(section("type", "alpha")))
                    .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                            new ConfigProblem("monitors.yaml:7:5", "notifiers.pager.report", "is required")));
        }
    }

    @Test
    void aFactoryClassThatCannotBeFoundIsAnErrorNamingThePluginFolderAndTheClass() throws IOException {
        Path plugins = work.resolve("plugins");
        Path broken = TestPlugins.install(plugins, "broken", jars.missingClass());

        assertThatThrownBy(() -> PluginManager.load(plugins, NO_BUILT_INS))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("plugin folder " + broken)
                .hasMessageContaining("com.example.missing.GoneNotifierFactory");
    }

    @Test
    void aFactoryThatCannotBeCreatedIsAnErrorNamingThePluginFolderTheClassAndWhy() throws IOException {
        Path plugins = work.resolve("plugins");
        Path failing = TestPlugins.install(plugins, "failing", jars.failing());

        assertThatThrownBy(() -> PluginManager.load(plugins, NO_BUILT_INS))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("plugin folder " + failing)
                .hasMessageContaining("com.example.failing.FailingNotifierFactory")
                .hasMessageContaining("no licence key");
    }

    @Test
    void aFileThatIsNotAJarIsAnErrorNamingThePluginAndTheFile() throws IOException {
        Path plugins = work.resolve("plugins");
        Path folder = TestPlugins.install(plugins, "alpha", jars.alpha());
        Files.writeString(folder.resolve("notes.jar"), "not a zip");

        assertThatThrownBy(() -> PluginManager.load(plugins, NO_BUILT_INS))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("plugin folder " + folder)
                .hasMessageContaining("cannot read jar " + folder.resolve("notes.jar"));
    }

    @Test
    void aPluginFolderWithoutFactoriesIsSkipped() throws IOException {
        Path plugins = work.resolve("plugins");
        TestPlugins.install(plugins, "alpha", jars.alpha());
        TestPlugins.install(plugins, "just-a-library", jars.lib1());
        Files.createDirectories(plugins.resolve("empty"));
        Files.writeString(plugins.resolve("README.txt"), "drop plugin folders here");

        try (PluginManager manager = PluginManager.load(plugins, NO_BUILT_INS)) {
            assertThat(manager.plugins()).extracting(PluginInfo::type).containsExactly("alpha");
        }
    }

    @Test
    void everyMethodOfAPluginObjectIsForwardedWithTheContextClassLoader() {
        assertForwardsEveryMethod(ContextNotifier.class, Notifier.class);
        assertForwardsEveryMethod(ContextMetricStore.class, MetricStore.class);
        assertForwardsEveryMethod(ContextTransport.class, Transport.class);
    }

    private static void assertForwardsEveryMethod(Class<?> wrapper, Class<?> spi) {
        for (Method method : spi.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            assertThat(declares(wrapper, method))
                    .as("%s overrides %s, so a plugin's own implementation is called with its class loader", wrapper.getSimpleName(), method)
                    .isTrue();
        }
    }

    private static boolean declares(Class<?> type, Method method) {
        try {
            type.getDeclaredMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** A class loader on which exactly {@code jar}'s factories are built-ins. */
    private static URLClassLoader builtIns(Path jar) throws IOException {
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, new ApiOnlyClassLoader(NotifierFactory.class.getClassLoader(),
                org.slf4j.LoggerFactory.class.getClassLoader()));
    }

    /** Sends one notification through the probe notifier of {@code type} and returns what it saw of {@code className}. */
    private String sendAndProbe(PluginManager manager, String type, String className) throws Exception {
        try (Notifier notifier = manager.createNotifier(section("type", type, "report", report(), "probe", List.of(className)))) {
            notifier.send(firing("probe"));
        }
        return readReport().getProperty("probe." + className);
    }

    private String report() {
        return work.resolve("report.properties").toString();
    }

    private Properties readReport() throws IOException {
        Properties facts = new Properties();
        try (Reader in = Files.newBufferedReader(work.resolve("report.properties"))) {
            facts.load(in);
        }
        return facts;
    }

    private static PluginConfig section(Object... keysAndValues) {
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return PluginConfig.of("notifiers.pager", values, keyPath -> "monitors.yaml:7:5");
    }

    private static Notification firing(String monitor) {
        Instant at = Instant.parse("2025-01-01T12:00:00Z");
        return new Notification("n-1", Notification.Kind.FIRING, Notification.Reason.STARTED, monitor, "critical", 120,
                "count(api.errors) >= 100 over 1m", Duration.ofMinutes(1), at, at, PluginConfig.empty("notify[0]"));
    }
}
