package dev.hawkeye.examples.webhook;

import java.util.Map;

/**
 * Writes one flat JSON object of text, numbers and nulls (RFC 8259). That is all this plugin sends,
 * so it carries no JSON library; a plugin that needs more should bundle one (e.g. jackson) in its
 * plugin folder, where it does not clash with anything else.
 */
final class Json {
    private Json() {
    }

    /** Values may be {@link String}, {@link Number} (non-finite ones are written as null) or null. */
    static String object(Map<String, ?> fields) {
        StringBuilder out = new StringBuilder(256).append('{');
        for (Map.Entry<String, ?> field : fields.entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            string(out, field.getKey()).append(':');
            Object value = field.getValue();
            if (value == null || value instanceof Double && !Double.isFinite((Double) value)) {
                out.append("null");
            } else if (value instanceof Number) {
                out.append(value);
            } else {
                string(out, value.toString());
            }
        }
        return out.append('}').toString();
    }

    private static StringBuilder string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.append('"');
    }
}
