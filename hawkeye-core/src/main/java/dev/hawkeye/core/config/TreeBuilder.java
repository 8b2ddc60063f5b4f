package dev.hawkeye.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Turns the node graph that snakeyaml composes into a {@link ConfigNode} tree: expands
 * {@code ${VAR}} in scalar values (never in keys), gives scalars their plain Java value, applies
 * merge keys ({@code <<}), and records each key path's location in the {@link LocationIndex}.
 * Reports duplicate keys, non-text keys and values that cannot be read to {@link Problems}. One per
 * load; not thread-safe.
 */
final class TreeBuilder {
    private final Environment environment;
    private final String source;
    private final Problems problems;
    private final LocationIndex index;
    private final Resolver resolver = new Resolver();
    private final ScalarConstructor constructor = new ScalarConstructor();
    /** The collections being built, to stop at a recursive alias ({@code &a [*a]}). */
    private final Set<Node> inProgress = Collections.newSetFromMap(new IdentityHashMap<>());

    TreeBuilder(Environment environment, String source, Problems problems, LocationIndex index) {
        this.environment = environment;
        this.source = source;
        this.problems = problems;
        this.index = index;
    }

    ConfigNode build(Node root) {
        return build(root, "");
    }

    private ConfigNode build(Node node, String path) {
        Location location = locate(node.getStartMark());
        if (node instanceof ScalarNode scalar) {
            return scalar(scalar, path, location);
        }
        if (!inProgress.add(node)) {
            problems.add(location, path, "an alias that refers to a section containing itself; expected a finite value");
            return new ConfigNode.Scalar(path, location, null, "", true);
        }
        try {
            return node instanceof MappingNode mapping ? mapping(mapping, path, location) : sequence((SequenceNode) node, path, location);
        } finally {
            inProgress.remove(node);
        }
    }

    private ConfigNode sequence(SequenceNode sequence, String path, Location location) {
        List<ConfigNode> items = new ArrayList<>();
        List<Node> values = sequence.getValue();
        for (int i = 0; i < values.size(); i++) {
            String itemPath = path + "[" + i + "]";
            index.put(itemPath, locate(values.get(i).getStartMark()));
            items.add(build(values.get(i), itemPath));
        }
        return new ConfigNode.Sequence(path, location, items);
    }

    private ConfigNode mapping(MappingNode node, String path, Location location) {
        Map<String, ConfigNode.Entry> entries = new LinkedHashMap<>();
        List<Node> mergeSources = new ArrayList<>();
        for (NodeTuple tuple : node.getValue()) {
            Node keyNode = tuple.getKeyNode();
            Location keyLocation = locate(keyNode.getStartMark());
            if (Tag.MERGE.equals(keyNode.getTag())) {
                mergeSources.add(tuple.getValueNode());
                continue;
            }
            if (!(keyNode instanceof ScalarNode scalarKey) || scalarKey.getValue().isEmpty()) {
                problems.add(keyLocation, path, "expected a key of text, got "
                        + (keyNode instanceof ScalarNode ? "an empty key" : keyNode instanceof MappingNode ? "a section of keys" : "a list"));
                continue;
            }
            String key = scalarKey.getValue();
            String childPath = path.isEmpty() ? key : path + "." + key;
            ConfigNode.Entry earlier = entries.get(key);
            if (earlier != null) {
                problems.add(keyLocation, childPath, "duplicate key '" + key + "' (first at line " + earlier.keyLocation().line() + ")");
                continue;
            }
            index.put(childPath, keyLocation);
            entries.put(key, new ConfigNode.Entry(key, keyLocation, build(tuple.getValueNode(), childPath)));
        }
        for (Node mergeSource : mergeSources) {
            merge(mergeSource, path, entries);
        }
        return new ConfigNode.Mapping(path, location, List.copyOf(entries.values()));
    }

    /** YAML merge keys: keys written in the mapping win, then earlier merge sources win. */
    private void merge(Node mergeSource, String path, Map<String, ConfigNode.Entry> entries) {
        List<Node> sources = mergeSource instanceof SequenceNode sequence ? sequence.getValue() : List.of(mergeSource);
        for (Node merged : sources) {
            ConfigNode built = build(merged, path);
            if (built instanceof ConfigNode.Mapping mapping) {
                mapping.entries().forEach(entry -> entries.putIfAbsent(entry.key(), entry));
            } else {
                problems.add(built.location(), path, "expected a section of keys to merge with '<<', got " + built.describe());
            }
        }
    }

    private ConfigNode scalar(ScalarNode node, String path, Location location) {
        String text = node.getValue();
        Tag tag = node.getTag();
        if (text.indexOf('$') >= 0) {
            String expanded;
            try {
                expanded = environment.expand(text);
            } catch (Environment.ExpansionException e) {
                problems.add(location, path, e.getMessage());
                return new ConfigNode.Scalar(path, location, text, text, true);
            }
            // A plain scalar's type comes from its text, so it is decided again after expansion:
            // `interval: ${INTERVAL:-60}` is a number, `host: "${SMTP_HOST}"` stays text.
            if (node.isPlain() && tag.equals(resolver.resolve(NodeId.scalar, text, true))) {
                tag = resolver.resolve(NodeId.scalar, expanded, true);
            }
            text = expanded;
        }
        if (Tag.STR.equals(tag)) {
            return new ConfigNode.Scalar(path, location, text, text, false);
        }
        if (Tag.NULL.equals(tag)) {
            return new ConfigNode.Scalar(path, location, null, text, false);
        }
        try {
            Object value = constructor.construct(new ScalarNode(tag, text, node.getStartMark(), node.getEndMark(), node.getScalarStyle()));
            boolean plain = value instanceof Integer || value instanceof Long || value instanceof Double || value instanceof Boolean;
            // anything else (a timestamp, a big integer, binary) is kept as the text written
            return new ConfigNode.Scalar(path, location, plain ? value : text, text, false);
        } catch (YAMLException | IllegalArgumentException e) {
            // IllegalArgumentException: a number that is not one, !!binary that is not base64
            problems.add(location, path, tag.getValue().startsWith(Tag.PREFIX)
                    ? "cannot read '" + text + "' as !!" + tag.getValue().substring(Tag.PREFIX.length())
                    : "unsupported tag " + tag.getValue() + "; expected a plain value (or one of YAML's own tags such as !!str)");
            return new ConfigNode.Scalar(path, location, text, text, true);
        }
    }

    private Location locate(Mark mark) {
        return mark == null ? Location.of(source) : new Location(source, mark.getLine() + 1, mark.getColumn() + 1);
    }

    /** snakeyaml's own scalar construction (YAML 1.1 ints, floats, booleans), one node at a time. */
    private static final class ScalarConstructor extends SafeConstructor {
        ScalarConstructor() {
            super(new LoaderOptions());
        }

        Object construct(ScalarNode node) {
            return constructObject(node);
        }
    }
}
