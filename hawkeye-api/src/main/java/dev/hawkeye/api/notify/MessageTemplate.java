package dev.hawkeye.api.notify;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.config.Spelling;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A subject or body text with <code>{{placeholder}}</code>s that are filled from a {@link Notification},
 * e.g. <code>"{{kind}} {{monitor}} is {{value}}"</code>. Notifiers use it for the {@code subject:} and
 * {@code body:} keys of their section so that every notifier understands the same placeholders.
 *
 * <p>The placeholders are {@link #PLACEHOLDERS}: {@code monitor}, {@code level}, {@code value} (as
 * {@link Notification#formattedValue()}), {@code kind} ({@code FIRING} or {@code RESOLVED}),
 * {@code reason} (lower case: {@code started}, {@code escalated}, {@code deescalated},
 * {@code repeated}, {@code resolved}), {@code condition}, {@code window} (as config writes it:
 * {@code 5m}), {@code since} and {@code at} (ISO-8601 instants in UTC), {@code id}, and for an
 * instance of a grouped monitor {@code tags} (its group, {@code host=web-1,region=eu}) and
 * <code>{{tag.NAME}}</code> (the group's value of tag {@code NAME}); both are empty for a monitor
 * that is not grouped. Spaces
 * inside the braces are allowed (<code>{{ monitor }}</code>). Every <code>{{</code> starts a placeholder;
 * there is no escape and no logic. Rendering inserts values as they are: a notifier that writes
 * HTML or Slack markup escapes the rendered text itself.
 *
 * <p>Immutable and thread-safe.
 */
public final class MessageTemplate {
    /** The placeholder names a template may use, in the order the documentation lists them. */
    public static final List<String> PLACEHOLDERS = List.of("monitor", "level", "value", "kind", "reason", "condition",
            "window", "since", "at", "id", "tags", "tag.NAME");

    /** What starts the placeholder of one of the group's tags: <code>{{tag.host}}</code>. */
    private static final String TAG_PREFIX = "tag.";

    /** A literal run of text, or (when {@code placeholder} is true) the name of a placeholder. */
    private record Part(String text, boolean placeholder) {
    }

    private final String text;
    private final List<Part> parts;

    private MessageTemplate(String text, List<Part> parts) {
        this.text = text;
        this.parts = parts;
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException for an unknown placeholder (naming it and suggesting the
     *                                  closest known one) or a <code>{{</code> without its <code>}}</code>
     */
    public static MessageTemplate of(String text) {
        List<Part> parts = new ArrayList<>();
        int position = 0;
        while (position < text.length()) {
            int open = text.indexOf("{{", position);
            if (open < 0) {
                parts.add(new Part(text.substring(position), false));
                break;
            }
            if (open > position) {
                parts.add(new Part(text.substring(position, open), false));
            }
            int close = text.indexOf("}}", open + 2);
            if (close < 0) {
                throw new IllegalArgumentException("'{{' at character " + (open + 1) + " is not closed with '}}'");
            }
            String name = text.substring(open + 2, close).trim();
            boolean tag = name.startsWith(TAG_PREFIX) && name.length() > TAG_PREFIX.length();
            if (!tag && !PLACEHOLDERS.contains(name) || name.equals("tag.NAME")) {
                String hint = Spelling.closest(name, PLACEHOLDERS).map(known -> " (did you mean {{" + known + "}}?)").orElse("");
                throw new IllegalArgumentException("unknown placeholder {{" + name + "}}" + hint + "; known: "
                        + String.join(", ", PLACEHOLDERS));
            }
            parts.add(new Part(name, true));
            position = close + 2;
        }
        return new MessageTemplate(text, List.copyOf(parts));
    }

    /**
     * The template under {@code key} of {@code config}, or empty when the key is not set.
     *
     * @throws dev.hawkeye.api.config.ConfigException located at that key, when the value is not a
     *                                                text or is not a valid template
     */
    public static Optional<MessageTemplate> parse(PluginConfig config, String key) {
        Optional<String> text = config.string(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(of(text.get()));
        } catch (IllegalArgumentException e) {
            throw config.invalid(key, e.getMessage());
        }
    }

    /** The text with every placeholder replaced by the notification's value. */
    public String render(Notification notification) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        for (Part part : parts) {
            out.append(part.placeholder() ? value(part.text(), notification) : part.text());
        }
        return out.toString();
    }

    /** The template as written. */
    public String text() {
        return text;
    }

    private static String value(String placeholder, Notification notification) {
        if (placeholder.startsWith(TAG_PREFIX)) {
            return notification.tags().getOrDefault(placeholder.substring(TAG_PREFIX.length()), "");
        }
        switch (placeholder) {
            case "monitor": return notification.monitor();
            case "level": return notification.level();
            case "value": return notification.formattedValue();
            case "kind": return notification.kind().name();
            case "reason": return notification.reason().name().toLowerCase(Locale.ROOT);
            case "condition": return notification.condition();
            case "window": return PluginConfig.formatDuration(notification.window());
            case "since": return String.valueOf(notification.since());
            case "at": return String.valueOf(notification.at());
            case "id": return notification.id();
            case "tags": return tagsText(notification);
            default: throw new IllegalStateException("unhandled placeholder " + placeholder);
        }
    }

    private static String tagsText(Notification notification) {
        StringBuilder out = new StringBuilder();
        notification.tags().forEach((name, value) -> out.append(out.length() == 0 ? "" : ",").append(name).append('=').append(value));
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MessageTemplate && ((MessageTemplate) other).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
