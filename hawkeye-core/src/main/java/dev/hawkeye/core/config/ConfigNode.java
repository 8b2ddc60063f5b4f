package dev.hawkeye.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node of a parsed configuration file: a scalar, a mapping or a sequence, each knowing its key
 * path ({@code monitors[0].triggers[1].threshold}) and where it starts in the file. Scalars hold
 * plain Java values after {@code ${VAR}} expansion. Immutable.
 */
sealed interface ConfigNode permits ConfigNode.Scalar, ConfigNode.Mapping, ConfigNode.Sequence {
    String path();

    Location location();

    /** What this node is, for "expected ..., got ..." messages. */
    String describe();

    /** The node as plain Java values: String, Integer, Long, Double, Boolean, null, List, Map. */
    Object toPlain();

    /**
     * A scalar value.
     *
     * @param value  String, Integer, Long, Double, Boolean or null
     * @param text   the text after expansion, as written
     * @param broken true when the scalar could not be read (an undefined variable, a bad tag); its
     *               problem is already reported, so readers skip it silently
     */
    record Scalar(String path, Location location, Object value, String text, boolean broken) implements ConfigNode {
        @Override
        public String describe() {
            if (value == null) {
                return "nothing";
            }
            return value instanceof String ? "'" + text + "'" : text;
        }

        @Override
        public Object toPlain() {
            return value;
        }
    }

    /** One key of a mapping, with where the key is written. */
    record Entry(String key, Location keyLocation, ConfigNode value) {
    }

    /** A mapping of text keys to nodes, in file order. */
    record Mapping(String path, Location location, List<Entry> entries) implements ConfigNode {
        public Mapping {
            entries = List.copyOf(entries);
        }

        Optional<ConfigNode> get(String key) {
            return entry(key).map(Entry::value);
        }

        Optional<Entry> entry(String key) {
            return entries.stream().filter(entry -> entry.key().equals(key)).findFirst();
        }

        /** The key path of {@code key} in this mapping. */
        String childPath(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        @Override
        public String describe() {
            return "a section of keys";
        }

        @Override
        public Map<String, Object> toPlain() {
            Map<String, Object> out = new LinkedHashMap<>();
            entries.forEach(entry -> out.put(entry.key(), entry.value().toPlain()));
            return Collections.unmodifiableMap(out);
        }
    }

    /** A list of nodes. */
    record Sequence(String path, Location location, List<ConfigNode> items) implements ConfigNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return items.isEmpty() ? "an empty list" : "a list";
        }

        @Override
        public List<Object> toPlain() {
            // not List.copyOf: a list may hold null (an empty scalar)
            List<Object> out = new ArrayList<>();
            items.forEach(item -> out.add(item.toPlain()));
            return Collections.unmodifiableList(out);
        }
    }
}
