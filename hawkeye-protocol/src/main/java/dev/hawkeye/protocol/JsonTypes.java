package dev.hawkeye.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hawkeye.api.config.Spelling;
import java.util.Collection;
import java.util.Locale;

/** How a JSON value is named in error messages. */
public final class JsonTypes {
    private static final int SHOWN_CHARS = 40;

    private JsonTypes() {
    }

    public static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** {@code a string "abc"}, {@code a number 3}, {@code an object}, {@code nothing}, ... */
    public static String describe(JsonNode node) {
        if (isAbsent(node)) {
            return "nothing";
        }
        if (node.isTextual()) {
            return "a string \"" + shorten(node.textValue()) + "\"";
        }
        if (node.isNumber()) {
            return "the number " + node.asText();
        }
        if (node.isBoolean()) {
            return "the boolean " + node.asText();
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isObject()) {
            return "an object";
        }
        return node.getNodeType().toString().toLowerCase(Locale.ROOT);
    }

    /** " (did you mean 'x'?)" for a plausible typo of a known name, else an empty string. */
    public static String spellingHint(String name, Collection<String> known) {
        return name.length() > SHOWN_CHARS ? "" : Spelling.hint(name, known);
    }

    public static String shorten(String text) {
        return text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + "...";
    }
}
