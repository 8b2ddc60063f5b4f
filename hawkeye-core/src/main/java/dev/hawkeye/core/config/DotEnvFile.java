package dev.hawkeye.core.config;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.config.ConfigProblem;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code .env} file: {@code KEY=value} or {@code export KEY=value} per line, {@code #}
 * comments, values optionally in single quotes (taken literally) or double quotes (with
 * {@code \n}, {@code \t}, {@code \"} and {@code \\} escapes). A later line wins over an earlier one.
 * Messages never repeat a line's value: {@code .env} holds secrets.
 */
final class DotEnvFile {
    record Variable(String value, int line) {
    }

    private DotEnvFile() {
    }

    /** The variables of {@code file}; none when it does not exist. */
    static Map<String, Variable> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (CharacterCodingException e) {
            throw new ConfigException(new ConfigProblem(file.toString(), "", "expected UTF-8 text, got bytes that are not UTF-8"));
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(file.toString(), "", "cannot read: " + e));
        }
        return parse(lines, file.toString());
    }

    static Map<String, Variable> parse(List<String> lines, String source) {
        Map<String, Variable> variables = new LinkedHashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        for (int index = 0; index < lines.size(); index++) {
            int lineNumber = index + 1;
            String line = lines.get(index).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ") || line.startsWith("export\t")) {
                line = line.substring("export".length()).strip();
            }
            String location = source + ":" + lineNumber;
            int equals = line.indexOf('=');
            if (equals < 0) {
                problems.add(new ConfigProblem(location, "", "expected KEY=value, got a line without '='"));
                continue;
            }
            String name = line.substring(0, equals).strip();
            if (!Environment.NAME.matcher(name).matches()) {
                problems.add(new ConfigProblem(location, "", "expected a variable name of letters, digits and _"
                        + " (not starting with a digit) before '=', got '" + name + "'"));
                continue;
            }
            try {
                variables.put(name, new Variable(value(line.substring(equals + 1).strip()), lineNumber));
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(location, name, e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return variables;
    }

    private static String value(String raw) {
        if (raw.startsWith("'") || raw.startsWith("\"")) {
            char quote = raw.charAt(0);
            StringBuilder out = new StringBuilder();
            int i = 1;
            while (i < raw.length() && raw.charAt(i) != quote) {
                char c = raw.charAt(i);
                if (quote == '"' && c == '\\' && i + 1 < raw.length()) {
                    out.append(unescape(raw.charAt(i + 1)));
                    i += 2;
                } else {
                    out.append(c);
                    i++;
                }
            }
            if (i >= raw.length()) {
                throw new IllegalArgumentException("expected a closing " + quote + " at the end of the value");
            }
            String rest = raw.substring(i + 1).strip();
            if (!rest.isEmpty() && !rest.startsWith("#")) {
                throw new IllegalArgumentException("expected only a # comment after the closing " + quote);
            }
            return out.toString();
        }
        // an unquoted value ends at a comment: a # after whitespace
        for (int i = 1; i < raw.length(); i++) {
            if (raw.charAt(i) == '#' && Character.isWhitespace(raw.charAt(i - 1))) {
                return raw.substring(0, i).strip();
            }
        }
        return raw;
    }

    private static String unescape(char c) {
        switch (c) {
            case 'n': return "\n";
            case 't': return "\t";
            case 'r': return "\r";
            default: return String.valueOf(c);
        }
    }
}
