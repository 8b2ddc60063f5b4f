package dev.hawkeye.core.config;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.config.Spelling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Reads typed values out of {@link ConfigNode}s for a translator, reporting each value that does
 * not fit to {@link Problems} ("expected ..., got ...") and answering empty, so that the
 * translator goes on and every problem of a file is found in one pass. A scalar that is already
 * broken (its problem reported while building the tree) is answered empty without a second report.
 */
final class NodeReader {
    /** A number as quoted text: {@code "100"}, {@code "2.5"}, {@code "1e3"} (not Java's {@code 1d}, {@code NaN}). */
    static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

    private final Problems problems;

    NodeReader(Problems problems) {
        this.problems = problems;
    }

    /** Reports each key of {@code mapping} not in {@code known}, with a suggestion when one is close. */
    void rejectUnknownKeys(ConfigNode.Mapping mapping, Collection<String> known) {
        for (ConfigNode.Entry entry : mapping.entries()) {
            if (!known.contains(entry.key())) {
                problems.add(entry.keyLocation(), mapping.childPath(entry.key()),
                        "unknown key '" + entry.key() + "'" + Spelling.hint(entry.key(), known));
            }
        }
    }

    /**
     * Like {@link #rejectUnknownKeys(ConfigNode.Mapping, Collection)}, and a key of the other config
     * version says what it is called here: {@code renamed} maps such a key to a hint.
     */
    void rejectUnknownKeys(ConfigNode.Mapping mapping, Collection<String> known, Map<String, String> renamed) {
        for (ConfigNode.Entry entry : mapping.entries()) {
            if (!known.contains(entry.key())) {
                String hint = Spelling.hint(entry.key(), known);
                if (hint.isEmpty() && renamed.containsKey(entry.key())) {
                    hint = " (" + renamed.get(entry.key()) + ")";
                }
                problems.add(entry.keyLocation(), mapping.childPath(entry.key()), "unknown key '" + entry.key() + "'" + hint);
            }
        }
    }

    /** The value of {@code key}; reports it missing (at the mapping) when it is absent. */
    Optional<ConfigNode> require(ConfigNode.Mapping mapping, String key, String meaning) {
        Optional<ConfigNode> value = mapping.get(key);
        if (value.isEmpty()) {
            problems.add(mapping.location(), mapping.childPath(key), "missing required key '" + key + "' (" + meaning + ")");
        }
        return value;
    }

    Optional<ConfigNode.Mapping> mapping(ConfigNode node, String expected) {
        if (node instanceof ConfigNode.Mapping mapping) {
            return Optional.of(mapping);
        }
        return mismatch(node, expected);
    }

    Optional<List<ConfigNode>> list(ConfigNode node, String expected) {
        if (node instanceof ConfigNode.Sequence sequence) {
            return Optional.of(sequence.items());
        }
        return mismatch(node, expected);
    }

    /** A text value; numbers and booleans count as the text written. Empty text is reported. */
    Optional<String> text(ConfigNode node, String expected) {
        if (node instanceof ConfigNode.Scalar scalar && scalar.value() != null) {
            if (scalar.broken()) {
                return Optional.empty();
            }
            if (scalar.text().isBlank()) {
                problems.at(node, "expected " + expected + ", got an empty text");
                return Optional.empty();
            }
            return Optional.of(scalar.text());
        }
        return mismatch(node, expected);
    }

    /** One text value or a list of them, at least one; {@code noun} names one item ("recipient"). */
    Optional<List<String>> textList(ConfigNode node, String noun) {
        if (!(node instanceof ConfigNode.Sequence sequence)) {
            return text(node, "a " + noun + " or a list of them").map(List::of);
        }
        if (sequence.items().isEmpty()) {
            problems.at(node, "expected at least one " + noun + ", got an empty list");
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        boolean complete = true;
        for (ConfigNode item : sequence.items()) {
            Optional<String> text = text(item, "a " + noun);
            text.ifPresent(out::add);
            complete &= text.isPresent();
        }
        return complete ? Optional.of(List.copyOf(out)) : Optional.empty();
    }

    /** A whole number of at least 1 (written as a number or as quoted digits). */
    OptionalInt positiveInt(ConfigNode node, String unit) {
        String expected = "expected a positive whole number of " + unit + ", got ";
        if (isBroken(node)) {
            return OptionalInt.empty();
        }
        if (node instanceof ConfigNode.Scalar scalar) {
            Object value = scalar.value();
            Long number = null;
            if (value instanceof Integer || value instanceof Long) {
                number = ((Number) value).longValue();
            } else if (value instanceof String text) {
                try {
                    number = Long.parseLong(text.strip());
                } catch (NumberFormatException ignored) {
                    // reported below
                }
            }
            if (number != null && number >= 1 && number <= Integer.MAX_VALUE) {
                return OptionalInt.of(number.intValue());
            }
        }
        problems.at(node, expected + node.describe());
        return OptionalInt.empty();
    }

    /** A finite number (written as a number or as quoted digits). */
    OptionalDouble number(ConfigNode node) {
        if (isBroken(node)) {
            return OptionalDouble.empty();
        }
        if (node instanceof ConfigNode.Scalar scalar) {
            double number = Double.NaN;
            if (scalar.value() instanceof Number value) {
                number = value.doubleValue();
            } else if (scalar.value() instanceof String text && DECIMAL.matcher(text.strip()).matches()) {
                number = Double.parseDouble(text.strip());
            }
            if (Double.isFinite(number)) {
                return OptionalDouble.of(number);
            }
        }
        problems.at(node, "expected a number, got " + node.describe());
        return OptionalDouble.empty();
    }

    /**
     * A duration written as {@code 30s}, {@code 5m}, {@code 1h}, {@code 250ms}, {@code 1d} or a whole
     * number of seconds; it must be longer than zero unless {@code zeroAllowed}.
     */
    Optional<Duration> duration(ConfigNode node, boolean zeroAllowed) {
        if (isBroken(node)) {
            return Optional.empty();
        }
        String expected = zeroAllowed ? "a duration of 0s or more" : "a positive duration";
        Object value = node instanceof ConfigNode.Scalar scalar ? scalar.value() : null;
        Optional<Duration> duration = value == null ? Optional.empty() : PluginConfig.parseDuration(value);
        if (duration.isEmpty()) {
            boolean negative = value instanceof Number number ? number.doubleValue() < 0
                    : value instanceof String text && text.strip().startsWith("-");
            problems.at(node, "expected " + (negative ? expected : "a duration") + " such as 30s, 5m or 1h, got " + node.describe());
            return Optional.empty();
        }
        if (duration.get().isZero() && !zeroAllowed) {
            problems.at(node, "expected a positive duration such as 30s, 5m or 1h, got " + node.describe());
            return Optional.empty();
        }
        return duration;
    }

    /** A whole number of at least {@code min} (written as a number or as quoted digits). */
    OptionalInt atLeast(ConfigNode node, int min, String unit) {
        OptionalInt value = positiveInt(node, unit);
        if (value.isPresent() && value.getAsInt() < min) {
            problems.at(node, "expected at least " + min + " " + unit + ", got " + node.describe());
            return OptionalInt.empty();
        }
        return value;
    }

    private <T> Optional<T> mismatch(ConfigNode node, String expected) {
        if (!isBroken(node)) {
            problems.at(node, "expected " + expected + ", got " + node.describe());
        }
        return Optional.empty();
    }

    private static boolean isBroken(ConfigNode node) {
        return node instanceof ConfigNode.Scalar scalar && scalar.broken();
    }
}
