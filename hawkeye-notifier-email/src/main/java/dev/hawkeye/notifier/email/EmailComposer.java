package dev.hawkeye.notifier.email;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.MessageTemplate;
import dev.hawkeye.api.notify.Notification;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the subject and the plain-text and HTML bodies of a notification's email: the built-in
 * layout (headline, then monitor, level, value, condition, window, since, the resolve time for
 * RESOLVED, the reason and the notification id), or the section's {@code subject:} and
 * {@code body:} templates where they are set. A templated body is sent as written in the plain
 * part and HTML-escaped in a {@code <pre>} in the HTML part. Immutable and thread-safe.
 */
public final class EmailComposer {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String SIGNATURE = "Sent by hawkeye.";

    private final Optional<MessageTemplate> subject;
    private final Optional<MessageTemplate> body;

    public EmailComposer(Optional<MessageTemplate> subject, Optional<MessageTemplate> body) {
        this.subject = subject;
        this.body = body;
    }

    public EmailContent compose(Notification notification) {
        String subjectLine = subject.map(template -> template.render(notification)).orElseGet(() -> Headline.of(notification));
        // A line break in a subject would end the header (or be folded oddly): a subject is one line.
        subjectLine = subjectLine.replaceAll("[\\r\\n]+", " ").strip();
        if (body.isPresent()) {
            String text = body.get().render(notification);
            return new EmailContent(subjectLine, text, html(subjectLine, "<pre style=\"font-family:monospace\">" + escape(text) + "</pre>"));
        }
        List<Map.Entry<String, String>> facts = facts(notification);
        return new EmailContent(subjectLine, text(notification, facts), html(subjectLine, htmlBody(notification, facts)));
    }

    private static List<Map.Entry<String, String>> facts(Notification notification) {
        List<Map.Entry<String, String>> facts = new ArrayList<>();
        facts.add(Map.entry("Monitor", notification.monitor()));
        facts.add(Map.entry("Level", notification.level()));
        facts.add(Map.entry("Value", notification.formattedValue()));
        facts.add(Map.entry("Condition", notification.condition()));
        facts.add(Map.entry("Window", PluginConfig.formatDuration(notification.window())));
        if (notification.kind() == Notification.Kind.RESOLVED) {
            facts.add(Map.entry("Since", TIME.format(notification.since())));
            facts.add(Map.entry("Resolved", TIME.format(notification.at()) + " (after "
                    + humanDuration(notification.since(), notification.at()) + ")"));
        } else {
            facts.add(Map.entry("Since", TIME.format(notification.since()) + " (firing for "
                    + humanDuration(notification.since(), notification.at()) + ")"));
        }
        facts.add(Map.entry("Reason", notification.reason().name().toLowerCase(Locale.ROOT)));
        facts.add(Map.entry("Notification", notification.id()));
        return facts;
    }

    private static String lead(Notification notification) {
        return notification.kind() == Notification.Kind.RESOLVED
                ? notification.monitor() + " is RESOLVED (it was " + notification.level() + "): " + Headline.statement(notification)
                : notification.monitor() + " is FIRING at level " + notification.level() + ": " + Headline.statement(notification);
    }

    private static String text(Notification notification, List<Map.Entry<String, String>> facts) {
        StringBuilder out = new StringBuilder(512).append(lead(notification)).append("\n\n");
        for (Map.Entry<String, String> fact : facts) {
            String label = fact.getKey() + ":";
            out.append(label).append(" ".repeat(Math.max(1, 14 - label.length()))).append(fact.getValue()).append('\n');
        }
        return out.append("\n-- \n").append(SIGNATURE).append('\n').toString();
    }

    private static String htmlBody(Notification notification, List<Map.Entry<String, String>> facts) {
        String colour = notification.kind() == Notification.Kind.RESOLVED ? "#2e7d32" : "#c62828";
        StringBuilder out = new StringBuilder(1024)
                .append("<p style=\"font-size:16px;color:").append(colour).append("\"><strong>")
                .append(escape(lead(notification))).append("</strong></p>\n")
                .append("<table cellpadding=\"4\" style=\"border-collapse:collapse\">\n");
        for (Map.Entry<String, String> fact : facts) {
            out.append("<tr><th align=\"left\">").append(escape(fact.getKey())).append("</th><td>")
                    .append(escape(fact.getValue())).append("</td></tr>\n");
        }
        return out.append("</table>\n<p style=\"color:#777\">").append(SIGNATURE).append("</p>").toString();
    }

    private static String html(String title, String body) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"UTF-8\"><title>" + escape(title) + "</title></head>\n<body>\n"
                + body + "\n</body></html>\n";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '&': out.append("&amp;"); break;
                case '"': out.append("&quot;"); break;
                case '\'': out.append("&#39;"); break;
                default: out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code 1h 5m}, {@code 3m 20s}, {@code 45s}: the two largest units, never negative. */
    static String humanDuration(Instant from, Instant to) {
        long seconds = Math.max(0, Duration.between(from, to).getSeconds());
        long[] amounts = {seconds / 86_400, seconds % 86_400 / 3_600, seconds % 3_600 / 60, seconds % 60};
        String[] units = {"d", "h", "m", "s"};
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < amounts.length && shown < 2; i++) {
            if (amounts[i] > 0 || (shown > 0)) {
                if (amounts[i] > 0) {
                    out.append(out.length() > 0 ? " " : "").append(amounts[i]).append(units[i]);
                }
                shown++;
            }
        }
        return out.length() == 0 ? "0s" : out.toString();
    }
}
