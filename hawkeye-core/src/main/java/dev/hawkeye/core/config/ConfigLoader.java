package dev.hawkeye.core.config;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.config.ConfigProblem;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Loads {@code monitors.yaml} into a {@link HawkeyeConfig}: parses the YAML into a tree of located
 * nodes (expanding {@code ${VAR}} from the {@link Environment}), then hands it to the translator of
 * the file's {@code version}. Stateless apart from its environment, so thread-safe.
 *
 * <p>Errors: every problem of a file is collected and thrown as one {@link ConfigException}; each
 * {@link ConfigProblem} carries {@code file:line:column}, the key path and what was expected.
 */
public final class ConfigLoader {
    /** {@code when: > 100}, which YAML reads as the start of a folded block. */
    private static final Pattern UNQUOTED_GREATER = Pattern.compile("\\bwhen\\s*:\\s*>");

    private final Environment environment;

    public ConfigLoader(Environment environment) {
        this.environment = environment;
    }

    /**
     * Reads and loads {@code file}; problems are located by the path as given.
     *
     * @throws ConfigException when the file is missing, unreadable or not a valid configuration
     */
    public HawkeyeConfig load(Path file) {
        String source = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(new ConfigProblem(source, "", "file not found"));
        } catch (CharacterCodingException e) {
            throw new ConfigException(new ConfigProblem(source, "", "expected UTF-8 text, got bytes that are not UTF-8"));
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(source, "", "cannot read the file: " + e));
        }
        return parse(text, source);
    }

    /**
     * Loads configuration text.
     *
     * @param sourceName the name problems are located by, e.g. {@code monitors.yaml}
     * @throws ConfigException listing every problem found
     */
    public HawkeyeConfig parse(String yaml, String sourceName) {
        Problems problems = new Problems();
        Node document = compose(yaml, sourceName);
        if (document == null || isNull(document)) {
            throw new ConfigException(new ConfigProblem(sourceName, "", "the file is empty; expected 'version: 2' with"
                    + " 'notifiers:' and 'monitors:', or a version 1 config with 'monitors:' (and optionally 'run_every:')"));
        }
        LocationIndex index = new LocationIndex(sourceName);
        ConfigNode root = new TreeBuilder(environment, sourceName, problems, index).build(document);
        if (!(root instanceof ConfigNode.Mapping mapping)) {
            problems.at(root, "expected a section of keys (version, notifiers, monitors, ...) at the top level, got " + root.describe());
            throw problems.toException();
        }
        Optional<Integer> version = version(mapping, problems);
        if (version.isEmpty()) {
            throw problems.toException();
        }
        PluginSections sections = new PluginSections(index);
        HawkeyeConfig config = version.get() == 2
                ? new Version2Translator(sections, problems).translate(mapping, sourceName)
                : new Version1Translator(environment, sections, problems).translate(mapping, sourceName);
        problems.throwIfAny();
        return config;
    }

    private static Node compose(String yaml, String sourceName) {
        LoaderOptions options = new LoaderOptions();
        options.setProcessComments(false);
        try {
            return new Yaml(options).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            throw new ConfigException(syntaxProblem(e, yaml, sourceName));
        } catch (YAMLException e) {
            throw new ConfigException(new ConfigProblem(sourceName, "", "invalid YAML: " + e.getMessage()));
        }
    }

    private static String line(String text, int index) {
        String[] lines = text.split("\\R", -1);
        return index >= 0 && index < lines.length ? lines[index] : "";
    }

    /** A document of nothing but {@code ---} or {@code ~}. */
    private static boolean isNull(Node document) {
        return Tag.NULL.equals(document.getTag()) && document instanceof ScalarNode;
    }

    private static ConfigProblem syntaxProblem(MarkedYAMLException e, String yaml, String sourceName) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        Location location = mark == null ? Location.of(sourceName) : new Location(sourceName, mark.getLine() + 1, mark.getColumn() + 1);
        // snakeyaml's own words, context first: "while parsing a block mapping started at line 2, expected <block end>, ..."
        StringBuilder message = new StringBuilder("invalid YAML: ");
        if (e.getContext() != null) {
            message.append(e.getContext());
            Mark context = e.getContextMark();
            if (context != null && (mark == null || context.getLine() != mark.getLine())) {
                message.append(" started at line ").append(context.getLine() + 1);
            }
            message.append(", ");
        }
        message.append(e.getProblem());
        if (e.getProblem() != null && e.getProblem().contains("<block")) {
            message.append(" (check the indentation)");
        } else if (mark != null && UNQUOTED_GREATER.matcher(line(yaml, mark.getLine())).find()) {
            message.append(" (quote a comparison that starts with '>': when: \"> 100\"; unquoted, YAML reads '>' as folded text)");
        }
        return new ConfigProblem(location.toString(), "", message.toString());
    }

    /** The version of the file (1 when not written); empty (with a problem reported) when it is neither 1 nor 2. */
    private static Optional<Integer> version(ConfigNode.Mapping root, Problems problems) {
        Optional<ConfigNode> node = root.get("version");
        if (node.isEmpty()) {
            return Optional.of(1);
        }
        Object value = node.get() instanceof ConfigNode.Scalar scalar ? scalar.value() : null;
        String written = value == null ? "" : String.valueOf(value).strip();
        if (written.equals("1")) {
            return Optional.of(1);
        }
        if (written.equals("2")) {
            return Optional.of(2);
        }
        if (!(node.get() instanceof ConfigNode.Scalar scalar && scalar.broken())) {
            problems.at(node.get(), "expected version 1 or 2, got " + node.get().describe());
        }
        return Optional.empty();
    }
}
