package dev.hawkeye.core.config;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.Series;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Translates a version 1 file (the ancestor's format: {@code run_every}, {@code monitors} with
 * {@code key}, {@code interval}, {@code triggers} of {@code threshold} and {@code recipients}) into
 * the normalised model. The store and notifiers, which a version 1 file does not name, come from
 * the environment: Redis when {@code REDIS_URL} is set, else memory; email when {@code SMTP_HOST}
 * is set, else the console. Every problem goes to {@link Problems}; one per load.
 */
final class Version1Translator {
    static final List<String> TOP_LEVEL_KEYS = List.of("version", "run_every", "monitors");
    static final List<String> MONITOR_KEYS = List.of("key", "interval", "triggers");
    static final List<String> TRIGGER_KEYS = List.of("threshold", "recipients");
    static final int DEFAULT_RUN_EVERY_MINUTES = 5;
    static final int DEFAULT_SMTP_PORT = 587;
    static final String EMAIL = "email";
    static final String CONSOLE = "console";
    /** Keys of version 2 and what to do to use them. */
    private static final String VERSION2 = "a version 2 key; start the file with 'version: 2' to use version 2";
    private static final Map<String, String> VERSION2_TOP_LEVEL = Map.of("store", VERSION2, "transport", VERSION2, "http", VERSION2,
            "notifiers", VERSION2, "defaults", VERSION2, "ingest", VERSION2);
    private static final Map<String, String> VERSION2_MONITOR = Map.of("name", VERSION2, "metric", VERSION2, "tags", VERSION2,
            "aggregate", VERSION2, "window", VERSION2, "evaluate_every", VERSION2, "for", VERSION2, "repeat_every", VERSION2,
            "no_data", VERSION2);
    private static final Map<String, String> VERSION2_TRIGGER = Map.of("level", VERSION2, "when", VERSION2, "notify", VERSION2);
    static final String NO_SMTP_WARNING = "no SMTP settings (SMTP_HOST): notifications go to the console, no mail will be sent";

    private final Environment environment;
    private final PluginSections sections;
    private final Problems problems;
    private final NodeReader read;

    Version1Translator(Environment environment, PluginSections sections, Problems problems) {
        this.environment = environment;
        this.sections = sections;
        this.problems = problems;
        this.read = new NodeReader(problems);
    }

    /** The model of {@code root}; meaningful only when no problem was reported. */
    HawkeyeConfig translate(ConfigNode.Mapping root, String source) {
        read.rejectUnknownKeys(root, TOP_LEVEL_KEYS, VERSION2_TOP_LEVEL);
        int runEvery = root.get("run_every")
                .map(node -> read.positiveInt(node, "minutes"))
                .orElse(OptionalInt.of(DEFAULT_RUN_EVERY_MINUTES))
                .orElse(DEFAULT_RUN_EVERY_MINUTES);
        List<String> warnings = new ArrayList<>();
        Map<String, PluginConfig> notifiers = notifiers(warnings);
        String via = notifiers.containsKey(EMAIL) ? EMAIL : CONSOLE;
        List<MonitorSpec> monitors = monitors(root, Duration.ofMinutes(runEvery), via, warnings);
        PluginConfig transport = sections.synthesised("transport", Map.of("type", "unix"));
        PluginConfig http = sections.synthesised(Version2Translator.HTTP_TYPE, Map.of("type", Version2Translator.HTTP_TYPE));
        return new HawkeyeConfig(source, store(), List.of(transport), http, notifiers, IngestSettings.DEFAULTS, monitors, warnings);
    }

    private PluginConfig store() {
        Optional<String> url = setting("REDIS_URL");
        if (url.isEmpty()) {
            return sections.synthesised("store", Map.of("type", "memory"));
        }
        sections.locate("store.url", environment.origin("REDIS_URL"));
        Map<String, Object> redis = new LinkedHashMap<>();
        redis.put("type", "redis");
        redis.put("url", url.get());
        return sections.synthesised("store", redis);
    }

    private Map<String, PluginConfig> notifiers(List<String> warnings) {
        Optional<String> host = setting("SMTP_HOST");
        if (host.isEmpty()) {
            warnings.add(NO_SMTP_WARNING);
            return Map.of(CONSOLE, sections.synthesised("notifiers." + CONSOLE, Map.of("type", CONSOLE)));
        }
        Map<String, Object> email = new LinkedHashMap<>();
        email.put("type", EMAIL);
        putSetting(email, "host", "SMTP_HOST");
        email.put("port", smtpPort());
        putSetting(email, "username", "SMTP_USERNAME");
        putSetting(email, "password", "SMTP_PASSWORD");
        putSetting(email, "from", "SMTP_FROM");
        email.put("starttls", true);
        return Map.of(EMAIL, sections.synthesised("notifiers." + EMAIL, email));
    }

    private int smtpPort() {
        Optional<String> port = setting("SMTP_PORT");
        if (port.isEmpty()) {
            return DEFAULT_SMTP_PORT;
        }
        sections.locate("notifiers.email.port", environment.origin("SMTP_PORT"));
        try {
            int number = Integer.parseInt(port.get().strip());
            if (number >= 1 && number <= 65_535) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problems.add(environment.origin("SMTP_PORT"), "SMTP_PORT", "expected a port number from 1 to 65535, got '" + port.get() + "'");
        return DEFAULT_SMTP_PORT;
    }

    private void putSetting(Map<String, Object> section, String key, String variable) {
        setting(variable).ifPresent(value -> {
            section.put(key, value);
            sections.locate("notifiers.email." + key, environment.origin(variable));
        });
    }

    /** A variable set to something other than blanks: {@code SMTP_HOST=} in .env means "not set". */
    private Optional<String> setting(String variable) {
        return environment.get(variable).filter(value -> !value.isBlank());
    }

    private List<MonitorSpec> monitors(ConfigNode.Mapping root, Duration repeatEvery, String via, List<String> warnings) {
        Optional<ConfigNode> node = read.require(root, "monitors", "the list of monitors to watch");
        if (node.isEmpty()) {
            return List.of();
        }
        boolean nothing = node.get() instanceof ConfigNode.Scalar scalar && scalar.value() == null && !scalar.broken();
        List<ConfigNode> items = nothing ? List.of() : read.list(node.get(), "a list of monitors").orElse(List.of());
        if (items.isEmpty()) {
            warnings.add(node.get().location() + ": monitors is empty: nothing is watched");
        }
        List<MonitorSpec> monitors = new ArrayList<>();
        Map<String, Integer> namesTaken = new HashMap<>();
        for (ConfigNode item : items) {
            monitor(item, repeatEvery, via, namesTaken).ifPresent(monitors::add);
        }
        return monitors;
    }

    private Optional<MonitorSpec> monitor(ConfigNode node, Duration repeatEvery, String via, Map<String, Integer> namesTaken) {
        Optional<ConfigNode.Mapping> found = read.mapping(node, "a monitor (a section with key, interval and triggers)");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ConfigNode.Mapping monitor = found.get();
        read.rejectUnknownKeys(monitor, MONITOR_KEYS, VERSION2_MONITOR);
        Optional<Series> series = read.require(monitor, "key", "the metric key to watch")
                .flatMap(key -> read.text(key, "a metric key").flatMap(text -> series(key, text)));
        OptionalInt interval = read.require(monitor, "interval", "seconds: the count over this window is compared, this often")
                .map(value -> read.positiveInt(value, "seconds"))
                .orElse(OptionalInt.empty());
        Optional<List<TriggerSpec>> triggers = triggers(monitor, via);
        if (series.isEmpty() || interval.isEmpty() || triggers.isEmpty()) {
            return Optional.empty();
        }
        String key = series.get().key();
        int occurrence = namesTaken.merge(key, 1, Integer::sum);
        String name = occurrence == 1 ? key : key + "#" + occurrence;
        Duration window = Duration.ofSeconds(interval.getAsInt());
        return Optional.of(new MonitorSpec(name, series.get(), Aggregate.COUNT, window, window, Duration.ZERO, repeatEvery,
                triggers.get()));
    }

    private Optional<Series> series(ConfigNode node, String key) {
        try {
            return Optional.of(new Series(key, Map.of()));
        } catch (InvalidPointException e) {
            problems.at(node, e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<List<TriggerSpec>> triggers(ConfigNode.Mapping monitor, String via) {
        Optional<List<ConfigNode>> items = read.require(monitor, "triggers", "the thresholds and whom to notify")
                .flatMap(node -> read.list(node, "a list of triggers"));
        if (items.isEmpty()) {
            return Optional.empty();
        }
        if (items.get().isEmpty()) {
            problems.add(monitor.get("triggers").orElseThrow().location(), monitor.childPath("triggers"),
                    "expected at least one trigger, got an empty list");
            return Optional.empty();
        }
        List<TriggerSpec> triggers = new ArrayList<>();
        Map<Double, String> thresholdsSeen = new HashMap<>();
        boolean complete = true;
        for (ConfigNode item : items.get()) {
            Optional<TriggerSpec> trigger = trigger(item, via, thresholdsSeen);
            trigger.ifPresent(triggers::add);
            complete &= trigger.isPresent();
        }
        if (!complete) {
            return Optional.empty();
        }
        triggers.sort(Comparator.comparingDouble(trigger -> trigger.condition().threshold()));
        return Optional.of(triggers);
    }

    private Optional<TriggerSpec> trigger(ConfigNode node, String via, Map<Double, String> thresholdsSeen) {
        Optional<ConfigNode.Mapping> found = read.mapping(node, "a trigger (a section with threshold and recipients)");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ConfigNode.Mapping trigger = found.get();
        read.rejectUnknownKeys(trigger, TRIGGER_KEYS, VERSION2_TRIGGER);
        OptionalDouble threshold = read.require(trigger, "threshold", "the count at which it fires")
                .map(value -> threshold(value, thresholdsSeen))
                .orElse(OptionalDouble.empty());
        Optional<List<String>> recipients = read.require(trigger, "recipients", "whom to notify")
                .flatMap(value -> read.textList(value, "recipient"));
        if (threshold.isEmpty() || recipients.isEmpty()) {
            return Optional.empty();
        }
        String routePath = trigger.path();
        sections.locate(routePath + ".to", trigger.entry("recipients").orElseThrow().keyLocation());
        NotifyRoute route = new NotifyRoute(via, sections.synthesised(routePath, Map.of("to", recipients.get())));
        double value = threshold.getAsDouble();
        return Optional.of(new TriggerSpec("threshold-" + Condition.formatNumber(value),
                new Condition(Comparison.GREATER_OR_EQUAL, value), List.of(route)));
    }

    private OptionalDouble threshold(ConfigNode node, Map<Double, String> thresholdsSeen) {
        OptionalDouble threshold = read.number(node);
        if (threshold.isEmpty()) {
            return threshold;
        }
        double value = threshold.getAsDouble();
        if (value <= 0) {
            problems.at(node, "expected a number greater than 0, got " + node.describe());
            return OptionalDouble.empty();
        }
        String triggerPath = node.path().substring(0, node.path().lastIndexOf('.'));
        String earlier = thresholdsSeen.putIfAbsent(value, triggerPath);
        if (earlier != null) {
            problems.at(node, "threshold " + Condition.formatNumber(value) + " is already used by " + earlier
                    + "; each trigger of a monitor needs its own threshold");
            return OptionalDouble.empty();
        }
        return threshold;
    }
}
