package dev.hawkeye.api.config;

import java.net.InetSocketAddress;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plugin's section of the configuration: the keys under {@code store:}, under one entry of
 * {@code notifiers:}, or of one {@code notify:} route. Immutable and thread-safe.
 *
 * <p>Values are what YAML gives after {@code ${VAR}} expansion: strings, numbers, booleans, lists
 * and maps. The typed getters convert and, when a value cannot be used, throw a
 * {@link ConfigException} whose problem names the file, line and column, the full key path and
 * what was expected, so a factory can validate its whole section in {@code create} and a user sees
 * the mistake at start-up and in {@code hawkeye check}, not at the first alert.
 */
public final class PluginConfig {
    /** Says where a key path is in the source: {@code monitors.yaml:12:7}. */
    @FunctionalInterface
    public interface Locator {
        String locate(String keyPath);
    }

    private static final Pattern OCTAL_MODE = Pattern.compile("0?[0-7]{3}");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    private final String path;
    private final Map<String, Object> values;
    private final Locator locator;

    private PluginConfig(String path, Map<String, Object> values, Locator locator) {
        this.path = path;
        this.values = values;
        this.locator = locator;
    }

    /**
     * A section at {@code path} (its dotted key path in the file, e.g. {@code notifiers.mail}).
     * The map is copied; nested lists and maps must not be changed afterwards.
     */
    public static PluginConfig of(String path, Map<String, ?> values, Locator locator) {
        return new PluginConfig(path, Collections.unmodifiableMap(new LinkedHashMap<>(values)), locator);
    }

    /** A section with no keys (for a plugin used with all its defaults). */
    public static PluginConfig empty(String path) {
        return new PluginConfig(path, Map.of(), keyPath -> "");
    }

    /** This section's key path in the file. */
    public String path() {
        return path;
    }

    /** The keys present, in file order. */
    public Set<String> keys() {
        return values.keySet();
    }

    public boolean has(String key) {
        return values.containsKey(key) && values.get(key) != null;
    }

    /** The raw values, unmodifiable. */
    public Map<String, Object> asMap() {
        return values;
    }

    /** The section's {@code type}, or empty. */
    public Optional<String> type() {
        return string("type");
    }

    public Optional<String> string(String key) {
        Object value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Map || value instanceof List) {
            throw invalid(key, "expected a text value, got " + describe(value));
        }
        return Optional.of(String.valueOf(value));
    }

    public String string(String key, String defaultValue) {
        return string(key).orElse(defaultValue);
    }

    /** A required non-empty text value. */
    public String requireString(String key) {
        String value = string(key).orElseThrow(() -> invalid(key, "is required"));
        if (value.isBlank()) {
            throw invalid(key, "must not be empty");
        }
        return value;
    }

    public int integer(String key, int defaultValue) {
        Object value = values.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Integer || value instanceof Long) {
            long number = ((Number) value).longValue();
            if (number == (int) number) {
                return (int) number;
            }
        }
        if (value instanceof String) {
            try {
                return Integer.parseInt(((String) value).trim());
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw invalid(key, "expected an integer, got " + describe(value));
    }

    /** An integer that must lie in {@code [min, max]}. */
    public int integer(String key, int defaultValue, int min, int max) {
        int value = integer(key, defaultValue);
        if (value < min || value > max) {
            throw invalid(key, "expected an integer from " + min + " to " + max + ", got " + value);
        }
        return value;
    }

    public double number(String key, double defaultValue) {
        Object value = values.get(key);
        if (value == null) {
            return defaultValue;
        }
        double number = Double.NaN;
        if (value instanceof Number) {
            number = ((Number) value).doubleValue();
        } else if (value instanceof String) {
            try {
                number = Double.parseDouble(((String) value).trim());
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        if (!Double.isFinite(number)) {
            throw invalid(key, "expected a number, got " + describe(value));
        }
        return number;
    }

    public boolean bool(String key, boolean defaultValue) {
        Object value = values.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.parseBoolean((String) value);
        }
        throw invalid(key, "expected true or false, got " + describe(value));
    }

    /**
     * A duration written as {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}, or a
     * plain number of seconds.
     */
    public Duration duration(String key, Duration defaultValue) {
        Object value = values.get(key);
        if (value == null) {
            return defaultValue;
        }
        return parseDuration(value).orElseThrow(() -> invalid(key,
                "expected a duration such as 30s, 5m or 1h, got " + describe(value)));
    }

    /** A duration (as {@link #duration(String, Duration)} reads it) that must lie in {@code [min, max]}. */
    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        Duration value = duration(key, defaultValue);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw invalid(key, "expected a duration from " + formatDuration(min) + " to " + formatDuration(max)
                    + ", got " + formatDuration(value));
        }
        return value;
    }

    /**
     * A socket address written as {@code host:port}, {@code :port} (every interface) or
     * {@code [v6]:port}; port 0 picks a free one.
     *
     * @throws ConfigException naming {@code key} when it is not such an address or its host
     *                         cannot be resolved
     */
    public InetSocketAddress address(String key, String defaultValue) {
        String text = string(key, defaultValue).trim();
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "" : text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (colon < 0 || port < 0 || port > 65_535) {
            throw invalid(key, "expected host:port such as " + defaultValue + " (or :" + defaultValue.substring(
                    defaultValue.lastIndexOf(':') + 1) + " for every interface); got '" + text + "'");
        }
        InetSocketAddress address = host.isEmpty() ? new InetSocketAddress(port)
                : new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw invalid(key, "cannot resolve the host '" + host + "'");
        }
        return address;
    }

    /**
     * File permissions written as a quoted octal string ({@code "0660"} or {@code "660"}). An
     * unquoted {@code 0660} is refused: YAML reads it as the number 432, and the digits are lost.
     */
    public Set<PosixFilePermission> fileMode(String key, String defaultOctal) {
        Object value = values.get(key);
        if (value == null) {
            return octalMode(defaultOctal);
        }
        if (!(value instanceof String) || !OCTAL_MODE.matcher(((String) value).trim()).matches()) {
            throw invalid(key, "write the mode as a quoted octal string such as \"0660\"; got " + describe(value));
        }
        return octalMode(((String) value).trim());
    }

    /** The permissions of an octal mode such as {@code 0660}. */
    public static Set<PosixFilePermission> octalMode(String octal) {
        int bits = Integer.parseInt(octal, 8);
        StringBuilder symbolic = new StringBuilder(9);
        for (int shift = 6; shift >= 0; shift -= 3) {
            int triple = (bits >> shift) & 7;
            symbolic.append((triple & 4) != 0 ? 'r' : '-')
                    .append((triple & 2) != 0 ? 'w' : '-')
                    .append((triple & 1) != 0 ? 'x' : '-');
        }
        return PosixFilePermissions.fromString(symbolic.toString());
    }

    /** A list of text values; a single text value counts as a list of one. Missing is empty. */
    public List<String> stringList(String key) {
        Object value = values.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List) {
            List<String> out = new ArrayList<>();
            for (Object item : (List<?>) value) {
                if (item == null || item instanceof Map || item instanceof List) {
                    throw invalid(key, "expected a list of text values, got an item " + describe(item));
                }
                out.add(String.valueOf(item));
            }
            return List.copyOf(out);
        }
        if (value instanceof Map) {
            throw invalid(key, "expected a list of text values, got " + describe(value));
        }
        return List.of(String.valueOf(value));
    }

    /** The nested section under {@code key}; an empty section when the key is missing. */
    public PluginConfig section(String key) {
        Object value = values.get(key);
        String childPath = path.isEmpty() ? key : path + "." + key;
        if (value == null) {
            return new PluginConfig(childPath, Map.of(), locator);
        }
        if (!(value instanceof Map)) {
            throw invalid(key, "expected a section of keys, got " + describe(value));
        }
        Map<String, Object> child = new LinkedHashMap<>();
        ((Map<?, ?>) value).forEach((k, v) -> child.put(String.valueOf(k), v));
        return new PluginConfig(childPath, Collections.unmodifiableMap(child), locator);
    }

    /**
     * Refuses keys other than {@code known} (and {@code type}), suggesting the closest known key
     * for each unknown one.
     */
    public void rejectUnknownKeys(Collection<String> known) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (String key : values.keySet()) {
            if (!key.equals("type") && !known.contains(key)) {
                problems.add(problem(key, "unknown key '" + key + "'" + Spelling.hint(key, known)));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /** A {@link ConfigException} about {@code key} of this section, located in the source. */
    public ConfigException invalid(String key, String message) {
        return new ConfigException(problem(key, message));
    }

    /** A problem about {@code key} of this section, located in the source. */
    public ConfigProblem problem(String key, String message) {
        String keyPath = key == null || key.isEmpty() ? path : path.isEmpty() ? key : path + "." + key;
        return new ConfigProblem(locator.locate(keyPath), keyPath, message);
    }

    /** Parses {@code 30s}, {@code 5m}, {@code 1h}, {@code 250ms}, {@code 1d} or a number of seconds. */
    public static Optional<Duration> parseDuration(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            long seconds = ((Number) value).longValue();
            return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        }
        if (!(value instanceof String)) {
            return Optional.empty();
        }
        Matcher matcher = DURATION.matcher(((String) value).trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        double amount = Double.parseDouble(matcher.group(1));
        double millis;
        switch (matcher.group(2)) {
            case "ms": millis = amount; break;
            case "s": millis = amount * 1_000; break;
            case "m": millis = amount * 60_000; break;
            case "h": millis = amount * 3_600_000; break;
            default: millis = amount * 86_400_000; break;
        }
        return Optional.of(Duration.ofMillis(Math.round(millis)));
    }

    /** Formats a duration the way config writes it: {@code 90s} as {@code 90s}, {@code 300s} as {@code 5m}. */
    public static String formatDuration(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 86_400_000 == 0 && millis > 0) {
            return millis / 86_400_000 + "d";
        }
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }

    private static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof Map) {
            return "a section of keys";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof String) {
            return "'" + value + "'";
        }
        return String.valueOf(value);
    }

    @Override
    public String toString() {
        return path + values.keySet();
    }
}
