package dev.hawkeye.notifier.email;

import com.google.auto.service.AutoService;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.api.notify.NotifierFactory;
import java.time.Clock;

/**
 * The notifier of type {@code email}: SMTP with jakarta.mail (Angus). Its section:
 * <pre>
 * mail:
 *   type: email
 *   host: smtp.example.com          # required
 *   port: 587                       # default 587, or 465 with ssl: true
 *   starttls: true                  # upgrade with STARTTLS and refuse to send without it
 *   ssl: false                      # TLS from the start (SMTPS); not together with starttls
 *   username: "${SMTP_USERNAME}"    # optional; then password is required (never logged)
 *   password: "${SMTP_PASSWORD}"
 *   from: "Hawkeye &lt;hawkeye@example.com&gt;"   # required
 *   timeout: 10s                    # connect and each server answer
 *   to: [oncall@example.com]        # optional default recipients for routes that name none
 *   cc: []
 *   subject: "{{kind}} {{monitor}}" # optional templates (see MessageTemplate)
 *   body: "..."
 *   trust_all: false                # tests only: accept any certificate, no host name check
 * </pre>
 * Routes give {@code to:} and {@code cc:}. Everything is checked in {@link #create}, so
 * {@code hawkeye check} reports a missing {@code from} before any alert.
 */
@AutoService(NotifierFactory.class)
public final class EmailNotifierFactory implements NotifierFactory {
    public static final String TYPE = "email";
    private static final System.Logger log = System.getLogger(EmailNotifierFactory.class.getName());

    @Override
    public String type() {
        return TYPE;
    }

    /** @throws dev.hawkeye.api.config.ConfigException for a bad or missing setting, located in the file */
    @Override
    public Notifier create(PluginConfig config) {
        EmailSettings settings = EmailSettings.from(config);
        if (settings.username().isPresent() && !settings.starttls() && !settings.ssl()) {
            log.log(System.Logger.Level.WARNING, config.path() + ": username is set but neither starttls nor ssl: the "
                    + "password goes to " + settings.server() + " unencrypted");
        }
        return new EmailNotifier(settings, new MessageIds(domainOf(settings.from().getAddress())), Clock.systemUTC());
    }

    private static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return at >= 0 && at < address.length() - 1 ? address.substring(at + 1) : "hawkeye.invalid";
    }
}
