package dev.hawkeye.notifier.email;

import static dev.hawkeye.notifier.email.TestNotifications.firing;
import static dev.hawkeye.notifier.email.TestNotifications.route;
import static dev.hawkeye.notifier.email.TestNotifications.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.notify.DispatchSettings;
import dev.hawkeye.core.notify.Dispatcher;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The email notifier behind core's real dispatcher, against a mail server that is down at first. */
class EmailDeliveryThroughDispatcherTest {
    private static final DispatchSettings QUICK_RETRIES = new DispatchSettings(100, 1_000, Duration.ofHours(1),
            Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(5));

    private final Counters counters = new Counters();
    private GreenMail greenMail;
    private Dispatcher dispatcher;

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    @Test
    void aNotificationSentWhileTheServerIsDownArrivesExactlyOnceWhenItComesBack() throws Exception {
        int port = freePort();
        AtomicInteger attempts = new AtomicInteger();
        Notifier email = new EmailNotifierFactory().create(section(Map.of("host", "127.0.0.1", "port", port,
                "from", "hawkeye@example.com", "timeout", "2s")));
        Notifier counting = new Notifier() {
            @Override
            public void send(Notification notification) throws Exception {
                attempts.incrementAndGet();
                email.send(notification);
            }
        };
        dispatcher = new Dispatcher(Map.of("mail", counting), counters, Clock.systemUTC(), QUICK_RETRIES);

        dispatcher.dispatch("mail", firing("checkout-errors/1/1/mail", route(List.of("oncall@example.com"), List.of())));
        await().until(() -> attempts.get() >= 3);
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();

        await().until(() -> counters.get(Counters.NOTIFICATIONS_SENT) == 1);
        dispatcher.close();
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
        assertThat(greenMail.getReceivedMessages()[0].getSubject()).startsWith("[FIRING critical] checkout-errors");
        assertThat(counters.get(Counters.NOTIFICATIONS_FAILED)).isZero();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
