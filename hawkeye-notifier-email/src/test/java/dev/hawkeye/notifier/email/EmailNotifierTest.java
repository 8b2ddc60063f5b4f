package dev.hawkeye.notifier.email;

import static dev.hawkeye.notifier.email.TestNotifications.firing;
import static dev.hawkeye.notifier.email.TestNotifications.resolved;
import static dev.hawkeye.notifier.email.TestNotifications.route;
import static dev.hawkeye.notifier.email.TestNotifications.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.notify.Notifier;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmailNotifierTest {
    private static final String USER = "hawkeye";
    private static final String PASSWORD = "s3cret-Pa55";

    @RegisterExtension
    final GreenMailExtension greenMail = new GreenMailExtension(ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP, ServerSetupTest.SMTPS}))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(USER + "@example.com", USER, PASSWORD))
            .withPerMethodLifecycle(true);

    @Test
    void mailsAFiringNotificationWithSubjectRecipientsAndBothBodies() throws Exception {
        Notifier mail = notifier(Map.of("host", "127.0.0.1", "port", smtpPort(), "from", "Hawkeye <hawkeye@example.com>"));

        mail.send(firing("checkout-errors/1/1/mail", route(List.of("oncall@example.com", "dev@example.com"),
                List.of("boss@example.com"))));

        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).as("one copy per mailbox").hasSize(3);
        MimeMessage message = received[0];
        assertThat(message.getSubject()).isEqualTo("[FIRING critical] checkout-errors: count(api.errors) 1204 >= 1000 over 5m");
        assertThat(addresses(message.getRecipients(Message.RecipientType.TO))).containsExactly("oncall@example.com", "dev@example.com");
        assertThat(addresses(message.getRecipients(Message.RecipientType.CC))).containsExactly("boss@example.com");
        assertThat(message.getFrom()[0].toString()).isEqualTo("Hawkeye <hawkeye@example.com>");
        assertThat(message.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        assertThat(message.getMessageID()).startsWith("<checkout-errors/1/1/mail.").endsWith("@example.com>");

        MimeMultipart alternatives = (MimeMultipart) message.getContent();
        assertThat(alternatives.getContentType()).startsWith("multipart/alternative");
        assertThat(alternatives.getCount()).isEqualTo(2);
        assertThat(alternatives.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat((String) alternatives.getBodyPart(0).getContent())
                .contains("checkout-errors is FIRING at level critical: count(api.errors) 1204 >= 1000 over 5m")
                .contains("Condition:    count(api.errors) >= 1000 over 5m")
                .contains("Value:        1204")
                .contains("Window:       5m")
                .contains("Since:        2024-05-01 12:00:00 UTC (firing for 3m 20s)");
        assertThat(alternatives.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat((String) alternatives.getBodyPart(1).getContent())
                .contains("<th align=\"left\">Condition</th><td>count(api.errors) &gt;= 1000 over 5m</td>")
                .contains("<th align=\"left\">Value</th><td>1204</td>");
    }

    @Test
    void mailsAResolvedNotificationWithItsResolveTime() throws Exception {
        Notifier mail = notifier(Map.of("host", "127.0.0.1", "port", smtpPort(), "from", "hawkeye@example.com"));

        mail.send(resolved("checkout-errors/1/2/mail", route(List.of("oncall@example.com"), List.of())));

        MimeMessage message = greenMail.getReceivedMessages()[0];
        assertThat(message.getSubject()).isEqualTo("[RESOLVED critical] checkout-errors: count(api.errors) 3, no longer >= 1000 over 5m");
        MimeMultipart alternatives = (MimeMultipart) message.getContent();
        assertThat((String) alternatives.getBodyPart(0).getContent())
                .contains("Resolved:     2024-05-01 13:05:00 UTC (after 1h 5m)");
        assertThat((String) alternatives.getBodyPart(1).getContent())
                .contains("<th align=\"left\">Resolved</th><td>2024-05-01 13:05:00 UTC (after 1h 5m)</td>");
    }

    @Test
    void logsInWithUsernameAndPassword() throws Exception {
        Notifier mail = notifier(Map.of("host", "127.0.0.1", "port", smtpPort(), "from", "hawkeye@example.com",
                "username", USER, "password", PASSWORD));

        mail.send(firing("m/1/1/mail", route(List.of("oncall@example.com"), List.of())));

        assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void aRefusedLoginIsReportedWithTheServersAnswerAndWithoutThePassword() {
        String wrong = "wr0ng-Pa55word";
        Notifier mail = notifier(Map.of("host", "127.0.0.1", "port", smtpPort(), "from", "hawkeye@example.com",
                "username", USER, "password", wrong));

        assertThatThrownBy(() -> mail.send(firing("m/1/1/mail", route(List.of("oncall@example.com"), List.of()))))
                .isInstanceOf(EmailSendException.class)
                .hasMessageContaining("SMTP server 127.0.0.1:" + smtpPort() + " refused the login")
                .hasMessageContaining("535")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong));
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void sendsOverSmtpsWhenSslIsOn() throws Exception {
        Notifier mail = notifier(Map.of("host", "127.0.0.1", "port", greenMail.getSmtps().getPort(), "ssl", true,
                "trust_all", true, "from", "hawkeye@example.com", "username", USER, "password", PASSWORD));

        mail.send(firing("m/1/1/mail", route(List.of("oncall@example.com"), List.of())));

        assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void sslRefusesAServerWhoseCertificateIsNotTrusted() {
        Notifier mail = notifier(Map.of("host", "127.0.0.1", "port", greenMail.getSmtps().getPort(), "ssl", true,
                "from", "hawkeye@example.com"));

        assertThatThrownBy(() -> mail.send(firing("m/1/1/mail", route(List.of("oncall@example.com"), List.of()))))
                .isInstanceOf(EmailSendException.class)
                .hasMessageContaining("SMTP server 127.0.0.1:" + greenMail.getSmtps().getPort());
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void upgradesWithStarttlsBeforeLoggingIn() throws Exception {
        try (StartTlsFront front = new StartTlsFront(smtpPort())) {
            Notifier mail = notifier(Map.of("host", "127.0.0.1", "port", front.port(), "starttls", true, "trust_all", true,
                    "from", "hawkeye@example.com", "username", USER, "password", PASSWORD));

            mail.send(firing("m/1/1/mail", route(List.of("oncall@example.com"), List.of())));

            assertThat(front.upgradedConnections()).isEqualTo(1);
            assertThat(greenMail.getReceivedMessages()).hasSize(1);
        }
    }

    @Test
    void starttlsRefusesToSendWhenTheServerDoesNotOfferIt() {
        Notifier mail = notifier(Map.of("host", "127.0.0.1", "port", smtpPort(), "starttls", true,
                "from", "hawkeye@example.com", "username", USER, "password", PASSWORD));

        assertThatThrownBy(() -> mail.send(firing("m/1/1/mail", route(List.of("oncall@example.com"), List.of()))))
                .isInstanceOf(EmailSendException.class)
                .hasMessageContaining("STARTTLS");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void aRefusedRecipientIsReportedWithTheServersAnswer() throws Exception {
        try (RefusingSmtpServer server = new RefusingSmtpServer()) {
            Notifier mail = notifier(Map.of("host", "127.0.0.1", "port", server.port(), "from", "hawkeye@example.com"));

            assertThatThrownBy(() -> mail.send(firing("m/1/1/mail", route(List.of("nobody@example.com"), List.of()))))
                    .isInstanceOf(EmailSendException.class)
                    .hasMessageContaining("refused the message")
                    .hasMessageContaining(RefusingSmtpServer.REFUSAL);
            assertThat(server.acceptedMessages()).isEmpty();
        }
    }

    @Test
    void oneRefusedRecipientDoesNotKeepTheMessageFromTheOthers() throws Exception {
        try (RefusingSmtpServer server = new RefusingSmtpServer()) {
            Notifier mail = notifier(Map.of("host", "127.0.0.1", "port", server.port(), "from", "hawkeye@example.com"));

            mail.send(firing("m/1/1/mail", route(List.of("nobody@example.com", "oncall@example.com"), List.of())));

            assertThat(server.acceptedMessages()).containsExactly(List.of("<oncall@example.com>"));
        }
    }

    @Test
    void anUnreachableServerIsReportedWithHostAndPort() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Notifier mail = notifier(Map.of("host", "127.0.0.1", "port", closedPort, "from", "hawkeye@example.com"));

        assertThatThrownBy(() -> mail.send(firing("m/1/1/mail", route(List.of("oncall@example.com"), List.of()))))
                .isInstanceOf(EmailSendException.class)
                .hasMessageContaining("SMTP server 127.0.0.1:" + closedPort + " failed")
                .hasMessageContaining("Connection refused");
    }

    @Test
    void aRouteWithoutRecipientsIsAConfigErrorNamingTheRoute() {
        Notifier mail = notifier(Map.of("host", "127.0.0.1", "port", smtpPort(), "from", "hawkeye@example.com"));

        assertThatThrownBy(() -> mail.send(firing("m/1/1/mail", route(List.of(), List.of()))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("monitors.yaml:14:11: monitors[0].triggers[1].notify[0].to: an email route needs at least one recipient");
    }

    @Test
    void aMalformedAddressInTheRouteIsAConfigErrorNamingIt() {
        Notifier mail = notifier(Map.of("host", "127.0.0.1", "port", smtpPort(), "from", "hawkeye@example.com"));

        assertThatThrownBy(() -> mail.send(firing("m/1/1/mail", route(List.of("oncall@example.com"), List.of("not an address")))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("monitors[0].triggers[1].notify[0].cc: 'not an address' is not an email address");
    }

    @Test
    void aRouteWithoutToUsesTheNotifiersRecipients() throws Exception {
        Notifier mail = notifier(Map.of("host", "127.0.0.1", "port", smtpPort(), "from", "hawkeye@example.com",
                "to", List.of("team@example.com")));

        mail.send(firing("m/1/1/mail", route(List.of(), List.of())));

        assertThat(addresses(greenMail.getReceivedMessages()[0].getRecipients(Message.RecipientType.TO)))
                .containsExactly("team@example.com");
    }

    @Test
    void usesTheSubjectAndBodyTemplates() throws Exception {
        Notifier mail = notifier(Map.of("host", "127.0.0.1", "port", smtpPort(), "from", "hawkeye@example.com",
                "subject", "{{kind}}: {{monitor}} is {{value}}", "body", "{{monitor}} <{{level}}> since {{since}}"));

        mail.send(firing("m/1/1/mail", route(List.of("oncall@example.com"), List.of())));

        MimeMessage message = greenMail.getReceivedMessages()[0];
        assertThat(message.getSubject()).isEqualTo("FIRING: checkout-errors is 1204");
        MimeMultipart alternatives = (MimeMultipart) message.getContent();
        assertThat(((String) alternatives.getBodyPart(0).getContent()).strip())
                .isEqualTo("checkout-errors <critical> since 2024-05-01T12:00:00Z");
        assertThat((String) alternatives.getBodyPart(1).getContent())
                .contains("checkout-errors &lt;critical&gt; since 2024-05-01T12:00:00Z");
    }

    @Test
    void aNotificationSentAgainByAnyInstanceKeepsItsMessageIdAndALaterFiringWithTheSameIdGetsAnother() throws Exception {
        Map<String, Object> settings = Map.of("host", "127.0.0.1", "port", smtpPort(), "from", "hawkeye@example.com");
        Notifier first = notifier(settings);
        Notifier nextAgent = notifier(settings);
        Notification notification = firing("m/1/1/mail", route(List.of("oncall@example.com"), List.of()));
        // An agent on the memory store numbers its episodes from 1 again after a restart.
        Notification afterRestart = new Notification(notification.id(), notification.kind(), notification.reason(),
                notification.monitor(), notification.level(), notification.value(), notification.condition(),
                notification.window(), notification.since().plusSeconds(3600), notification.at().plusSeconds(3600),
                notification.route());

        first.send(notification);
        first.send(notification);
        nextAgent.send(notification);
        nextAgent.send(afterRestart);

        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(4);
        assertThat(received[0].getMessageID()).isEqualTo("<m/1/1/mail." + notification.since().toEpochMilli() + "@example.com>");
        assertThat(received[1].getMessageID()).isEqualTo(received[0].getMessageID());
        assertThat(received[2].getMessageID()).isEqualTo(received[0].getMessageID());
        assertThat(received[3].getMessageID()).isNotEqualTo(received[0].getMessageID());
    }

    private int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    private static Notifier notifier(Map<String, ?> values) {
        return new EmailNotifierFactory().create(section(new HashMap<>(values)));
    }

    private static List<String> addresses(Address[] addresses) {
        return Arrays.stream(addresses).map(Address::toString).toList();
    }
}
