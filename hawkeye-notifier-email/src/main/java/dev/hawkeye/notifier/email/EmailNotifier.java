package dev.hawkeye.notifier.email;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.notify.Notifier;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * Sends each notification as one email over SMTP: multipart/alternative with a plain-text and an
 * HTML part (see {@link EmailComposer}), to the route's {@code to:} and {@code cc:} (or the
 * section's, for a route that names none).
 *
 * <p>Each send opens its own connection, so a server restart between alerts costs nothing. The
 * Message-ID is derived from the notification alone ({@link MessageIds}), so a notification sent
 * again, by a retry or by the next agent, carries the same Message-ID and receivers can drop the
 * duplicate. Messages
 * carry {@code Auto-Submitted: auto-generated} (no auto-replies) and {@code X-Hawkeye-*} headers for
 * mail filters.
 *
 * <p>{@link #send} throws {@link EmailSendException} with the server's answer when the server is
 * unreachable or refuses the login, the sender or every recipient, and a
 * {@link dev.hawkeye.api.config.ConfigException} naming the route when the route has no recipient
 * or a malformed address (no retry can fix that). Neither message ever contains the password.
 * Thread-safe, though the dispatcher calls it from one thread at a time.
 */
public final class EmailNotifier implements Notifier {
    private static final System.Logger log = System.getLogger(EmailNotifier.class.getName());

    private final EmailSettings settings;
    private final EmailComposer composer;
    private final Session session;
    private final MessageIds messageIds;
    private final Clock clock;

    /**
     * @param settings   the validated section
     * @param messageIds makes this instance's Message-IDs
     * @param clock      gives the Date header
     */
    public EmailNotifier(EmailSettings settings, MessageIds messageIds, Clock clock) {
        this.settings = settings;
        this.composer = new EmailComposer(settings.subject(), settings.body());
        this.session = Session.getInstance(properties(settings));
        this.messageIds = messageIds;
        this.clock = clock;
    }

    @Override
    public void send(Notification notification) throws EmailSendException, MessagingException {
        Recipients recipients = Recipients.of(notification.route(), settings);
        MimeMessage message = message(notification, recipients);
        Address[] all = message.getAllRecipients();
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect(settings.host(), settings.port(), settings.username().orElse(null),
                    settings.password().orElse(null));
            transport.sendMessage(message, all);
        } catch (SendFailedException e) {
            Address[] sent = e.getValidSentAddresses();
            if (sent == null || sent.length == 0) {
                throw new EmailSendException(SmtpFailures.describe(settings.server(), e), e);
            }
            // Delivered to the others: a retry would mail them twice, and a refused mailbox stays refused.
            log.log(System.Logger.Level.WARNING, "notification " + notification.id() + " mailed to "
                    + Arrays.toString(sent) + " but not to " + Arrays.toString(e.getInvalidAddresses()) + ": "
                    + SmtpFailures.refusals(settings.server(), e));
            return;
        } catch (MessagingException e) {
            throw new EmailSendException(SmtpFailures.describe(settings.server(), e), e);
        }
        log.log(System.Logger.Level.DEBUG, () -> "notification " + notification.id() + " mailed to " + recipients
                + " through " + settings.server());
    }

    /** The message {@link #send} would send, for tests and for a dry run. */
    MimeMessage message(Notification notification, Recipients recipients) throws MessagingException {
        EmailContent content = composer.compose(notification);
        MimeMessage message = new IdentifiedMimeMessage(session, messageIds.forNotification(notification));
        message.setFrom(settings.from());
        message.setRecipients(Message.RecipientType.TO, recipients.to().toArray(new InternetAddress[0]));
        if (!recipients.cc().isEmpty()) {
            message.setRecipients(Message.RecipientType.CC, recipients.cc().toArray(new InternetAddress[0]));
        }
        message.setSubject(content.subject(), StandardCharsets.UTF_8.name());
        message.setSentDate(Date.from(clock.instant()));
        message.setHeader("Auto-Submitted", "auto-generated");
        message.setHeader("X-Hawkeye-Monitor", headerValue(notification.monitor()));
        message.setHeader("X-Hawkeye-Kind", notification.kind().name());
        message.setHeader("X-Hawkeye-Level", headerValue(notification.level()));

        MimeBodyPart text = new MimeBodyPart();
        text.setText(content.text(), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(content.html(), StandardCharsets.UTF_8.name(), "html");
        // multipart/alternative: the last part is the preferred one.
        MimeMultipart alternatives = new MimeMultipart("alternative", text, html);
        message.setContent(alternatives);
        message.saveChanges();
        return message;
    }

    private static String headerValue(String value) {
        return value.replaceAll("[\\r\\n]+", " ");
    }

    private static Properties properties(EmailSettings settings) {
        Properties properties = new Properties();
        String timeout = Long.toString(settings.timeout().toMillis());
        properties.setProperty("mail.smtp.host", settings.host());
        properties.setProperty("mail.smtp.port", Integer.toString(settings.port()));
        properties.setProperty("mail.smtp.connectiontimeout", timeout);
        properties.setProperty("mail.smtp.timeout", timeout);
        properties.setProperty("mail.smtp.writetimeout", timeout);
        properties.setProperty("mail.smtp.auth", Boolean.toString(settings.username().isPresent()));
        properties.setProperty("mail.smtp.from", settings.from().getAddress());
        // One refused mailbox must not keep the alert from everyone else (see send).
        properties.setProperty("mail.smtp.sendpartial", "true");
        if (settings.starttls()) {
            properties.setProperty("mail.smtp.starttls.enable", "true");
            // Without it, a server (or a man in the middle) that does not offer STARTTLS gets the password in clear.
            properties.setProperty("mail.smtp.starttls.required", "true");
        }
        if (settings.ssl()) {
            properties.setProperty("mail.smtp.ssl.enable", "true");
        }
        if (settings.trustAll()) {
            properties.setProperty("mail.smtp.ssl.trust", "*");
            properties.setProperty("mail.smtp.ssl.checkserveridentity", "false");
        } else {
            properties.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        }
        return properties;
    }

    @Override
    public String toString() {
        return "email via " + settings.server();
    }

    /** A message whose Message-ID is the one given, not one made up by jakarta.mail at each save. */
    private static final class IdentifiedMimeMessage extends MimeMessage {
        private final String messageId;

        IdentifiedMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }

    /** The addresses of one notification: never without a {@code to:} or {@code cc:} recipient. */
    record Recipients(List<InternetAddress> to, List<InternetAddress> cc) {
        /**
         * The route's {@code to:}/{@code cc:}, each falling back to the section's when the route does
         * not set it.
         *
         * @throws dev.hawkeye.api.config.ConfigException naming the route for a malformed address or
         *                                                when there is no recipient at all
         */
        static Recipients of(PluginConfig route, EmailSettings settings) {
            List<InternetAddress> to = parse(route, "to", settings.to());
            List<InternetAddress> cc = parse(route, "cc", settings.cc());
            if (to.isEmpty() && cc.isEmpty()) {
                throw route.invalid("to", "an email route needs at least one recipient: set to: (or cc:) on the route "
                        + "or on the email notifier");
            }
            return new Recipients(to, cc);
        }

        private static List<InternetAddress> parse(PluginConfig route, String key, List<String> defaults) {
            List<String> texts = route.has(key) ? route.stringList(key) : defaults;
            return texts.stream().map(text -> EmailSettings.address(route, key, text)).toList();
        }

        @Override
        public String toString() {
            return "to=" + to + (cc.isEmpty() ? "" : " cc=" + cc);
        }
    }
}
