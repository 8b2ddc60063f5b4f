package dev.hawkeye.notifier.email;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.MessageTemplate;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The validated section of an {@code email} notifier. Immutable. Its {@link #toString()} never
 * shows the password.
 *
 * @param host     the SMTP server
 * @param port     its port: 587 by default, 465 when {@code ssl} is on
 * @param starttls upgrade the connection with STARTTLS, and refuse to send when the server does
 *                 not offer it (so credentials never travel in clear text)
 * @param ssl      connect with TLS from the start (SMTPS)
 * @param trustAll accept any server certificate, without checking the host name: for tests and
 *                 throwaway relays with self-signed certificates only
 * @param username the SMTP login, empty for a server that needs none
 * @param password the SMTP password; present exactly when {@code username} is
 * @param from     the sender address
 * @param timeout  the longest wait to connect, and for each answer of the server
 * @param to       recipients for routes that name none ({@code to:} of the section)
 * @param cc       copy recipients for routes that name none ({@code cc:} of the section)
 * @param subject  the subject template, or empty for the built-in subject
 * @param body     the body template, or empty for the built-in body (plain text and HTML)
 */
public record EmailSettings(String host, int port, boolean starttls, boolean ssl, boolean trustAll,
                            Optional<String> username, Optional<String> password, InternetAddress from, Duration timeout,
                            List<String> to, List<String> cc, Optional<MessageTemplate> subject,
                            Optional<MessageTemplate> body) {
    static final List<String> KEYS = List.of("host", "port", "starttls", "ssl", "trust_all", "username", "password", "from",
            "timeout", "to", "cc", "subject", "body");
    static final int SUBMISSION_PORT = 587;
    static final int SMTPS_PORT = 465;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Reads and checks an {@code email} section.
     *
     * @throws dev.hawkeye.api.config.ConfigException for an unknown key, a missing {@code host} or
     *                                                {@code from}, a bad port, address, duration or
     *                                                template, or contradicting settings
     */
    public static EmailSettings from(PluginConfig config) {
        config.rejectUnknownKeys(KEYS);
        String host = config.requireString("host").trim();
        boolean starttls = config.bool("starttls", false);
        boolean ssl = config.bool("ssl", false);
        if (starttls && ssl) {
            throw config.invalid("ssl", "choose either ssl (TLS from the start, usually port 465) or starttls "
                    + "(upgrade a plain connection, usually port 587), not both");
        }
        int port = config.integer("port", ssl ? SMTPS_PORT : SUBMISSION_PORT, 1, 65_535);
        Optional<String> username = config.string("username").filter(value -> !value.isBlank());
        Optional<String> password = config.string("password").filter(value -> !value.isEmpty());
        if (username.isPresent() && password.isEmpty()) {
            throw config.invalid("password", "is required when username is set");
        }
        if (username.isEmpty() && password.isPresent()) {
            throw config.invalid("username", "is required when password is set");
        }
        InternetAddress from = address(config, "from", config.requireString("from"));
        Duration timeout = config.duration("timeout", DEFAULT_TIMEOUT);
        if (timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw config.invalid("timeout", "expected a duration from 1ms to 24d, got " + PluginConfig.formatDuration(timeout));
        }
        List<String> to = addresses(config, "to");
        List<String> cc = addresses(config, "cc");
        return new EmailSettings(host, port, starttls, ssl, config.bool("trust_all", false), username, password, from,
                timeout, to, cc, MessageTemplate.parse(config, "subject"), MessageTemplate.parse(config, "body"));
    }

    /** {@code host:port}, as messages name the server. */
    public String server() {
        return host + ":" + port;
    }

    /** One address, parsed strictly; a problem at {@code key} of {@code config} when it is not one. */
    static InternetAddress address(PluginConfig config, String key, String text) {
        try {
            InternetAddress address = new InternetAddress(text.trim(), true);
            address.validate();
            return address;
        } catch (AddressException e) {
            throw config.invalid(key, "'" + text + "' is not an email address (" + e.getMessage() + ")");
        }
    }

    /** The list under {@code key}, each checked to be an address. */
    static List<String> addresses(PluginConfig config, String key) {
        List<String> texts = config.stringList(key);
        texts.forEach(text -> address(config, key, text));
        return texts;
    }

    @Override
    public String toString() {
        return "EmailSettings[" + server() + (ssl ? " ssl" : "") + (starttls ? " starttls" : "")
                + username.map(name -> " as " + name).orElse("") + " from " + from + "]";
    }
}
