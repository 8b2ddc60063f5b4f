package dev.hawkeye.notifier.slack;

import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

import com.slack.api.model.Attachment;
import com.slack.api.model.block.Blocks;
import com.slack.api.model.block.ContextBlockElement;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.TextObject;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.MessageTemplate;
import dev.hawkeye.api.notify.Notification;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the Slack message of a notification: a one-line {@code text} (what Slack shows in its
 * notifications) and one attachment whose colour bar shows the level (red for critical/error,
 * amber for warning, blue otherwise, green for RESOLVED), holding blocks: a header with the level's
 * emoji, the kind, the level and the monitor; the fields monitor, level, value, condition, window
 * and since (and resolved, for RESOLVED); and a context line with the notification id. The
 * section's {@code subject:} template replaces the text and the header, its {@code body:} template
 * replaces the fields. Immutable and thread-safe.
 */
public final class SlackComposer {
    static final String RED = "#E01E5A";
    static final String AMBER = "#ECB22E";
    static final String BLUE = "#36C5F0";
    static final String GREEN = "#2EB67D";
    /** Slack refuses a header longer than this. */
    private static final int HEADER_LIMIT = 150;
    private static final Pattern COMPARISON = Pattern.compile("^(.*?) (>=|<=|==|!=|>|<) (.*)$");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /**
     * What is posted. {@code text} is Slack markup (already escaped).
     *
     * @param text        the message text, shown in notifications and by clients without blocks
     * @param attachments the coloured attachment with the blocks
     */
    public record Message(String text, List<Attachment> attachments) {
    }

    private final Optional<MessageTemplate> subject;
    private final Optional<MessageTemplate> body;

    public SlackComposer(Optional<MessageTemplate> subject, Optional<MessageTemplate> body) {
        this.subject = subject;
        this.body = body;
    }

    public Message compose(Notification notification) {
        String emoji = emoji(notification);
        String headline = subject.map(template -> template.render(notification)).orElseGet(() -> headline(notification));
        String header = subject.isPresent() ? headline : emoji + " " + notification.kind() + " " + notification.level() + ": "
                + notification.monitor();
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(Blocks.header(h -> h.text(plainText(truncate(oneLine(header), HEADER_LIMIT), true))));
        if (body.isPresent()) {
            String text = escape(body.get().render(notification));
            blocks.add(Blocks.section(s -> s.text(markdownText(text))));
        } else {
            blocks.add(Blocks.section(s -> s.fields(fields(notification))));
        }
        List<ContextBlockElement> context = List.of(markdownText("hawkeye · notification `" + escape(notification.id()) + "`"));
        blocks.add(Blocks.context(context));
        Attachment attachment = Attachment.builder().color(colour(notification)).fallback(oneLine(headline)).blocks(blocks).build();
        String text = subject.isPresent() ? escape(oneLine(headline)) : emoji + " " + escape(headline);
        return new Message(text, List.of(attachment));
    }

    /** {@code [FIRING critical] m: count(x) 1204 >= 1000 over 5m}, as the email subject reads. */
    static String headline(Notification notification) {
        StringBuilder out = new StringBuilder(120).append('[').append(notification.kind()).append(' ').append(notification.level());
        if (notification.kind() == Notification.Kind.FIRING && notification.reason() != Notification.Reason.STARTED) {
            out.append(", ").append(notification.reason().name().toLowerCase(Locale.ROOT));
        }
        out.append("] ").append(notification.monitor()).append(": ");
        Matcher matcher = COMPARISON.matcher(notification.condition());
        if (!matcher.matches()) {
            return out.append(notification.condition()).toString();
        }
        out.append(matcher.group(1)).append(' ').append(notification.formattedValue());
        String rule = matcher.group(2) + " " + matcher.group(3);
        return (notification.kind() == Notification.Kind.RESOLVED ? out.append(", no longer ") : out.append(' ')).append(rule).toString();
    }

    private static List<TextObject> fields(Notification notification) {
        List<TextObject> fields = new ArrayList<>();
        fields.add(field("Monitor", escape(notification.monitor())));
        fields.add(field("Level", escape(notification.level())));
        fields.add(field("Value", escape(notification.formattedValue())));
        fields.add(field("Condition", "`" + escape(notification.condition()) + "`"));
        fields.add(field("Window", PluginConfig.formatDuration(notification.window())));
        fields.add(field("Since", date(notification.since())));
        if (notification.kind() == Notification.Kind.RESOLVED) {
            fields.add(field("Resolved", date(notification.at())));
        }
        return fields;
    }

    private static TextObject field(String label, String value) {
        return markdownText("*" + label + "*\n" + value);
    }

    /** Slack shows the time in each reader's own zone; the UTC text is for clients that cannot. */
    private static String date(java.time.Instant instant) {
        return "<!date^" + instant.getEpochSecond() + "^{date_short_pretty} {time_secs}|" + TIME.format(instant) + ">";
    }

    /** The level's colour: RESOLVED green; critical and its kin red; warning amber; anything else blue. */
    static String colour(Notification notification) {
        if (notification.kind() == Notification.Kind.RESOLVED) {
            return GREEN;
        }
        switch (severity(notification.level())) {
            case 2: return RED;
            case 1: return AMBER;
            default: return BLUE;
        }
    }

    static String emoji(Notification notification) {
        if (notification.kind() == Notification.Kind.RESOLVED) {
            return ":white_check_mark:";
        }
        switch (severity(notification.level())) {
            case 2: return ":red_circle:";
            case 1: return ":large_orange_circle:";
            default: return ":large_blue_circle:";
        }
    }

    /** 2 for levels people page on, 1 for warnings, 0 for the rest; levels are names the config chose. */
    private static int severity(String level) {
        switch (level.toLowerCase(Locale.ROOT)) {
            case "critical": case "crit": case "error": case "fatal": case "emergency": case "alert": case "page": case "high":
                return 2;
            case "warning": case "warn": case "medium":
                return 1;
            default:
                return 0;
        }
    }

    /** Slack markup treats {@code & < >} as control characters. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n]+", " ").strip();
    }

    private static String truncate(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit - 1) + "…";
    }
}
