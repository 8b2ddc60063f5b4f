package dev.hawkeye.http;

import static dev.hawkeye.http.HttpApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hawkeye.api.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Who may ask, where the server listens, and what bounds it: the bearer token, loopback by
 * default, a taken port, an agent that records nothing, and clients that are too many or too slow.
 */
class HttpLimitsTest {

    @Test
    void withATokenEveryEndpointButHealthzNeedsIt() throws Exception {
        try (RunningHawkeye running = RunningHawkeye.start("auth_token: s3cret", "monitors: []\n")) {
            assertThat(running.get("/healthz").statusCode()).isEqualTo(200);
            assertError(running.get("/api/v1/status"), 401, "Authorization: Bearer");
            assertError(running.get("/metrics", "Authorization", "Bearer wrong"), 401, "Authorization: Bearer");
            assertError(running.post("/api/v1/points", "{\"points\": []}"), 401, "Authorization: Bearer");

            assertThat(running.get("/api/v1/status", "Authorization", "Bearer s3cret").statusCode()).isEqualTo(200);
            assertThat(running.get("/metrics", "Authorization", "Bearer s3cret").statusCode()).isEqualTo(200);
            assertThat(running.get("/api/v1/status", "Authorization", "Bearer s3cret").body())
                    .contains("\"http.requests.unauthorized\":3");
        }
    }

    @Test
    void listeningBeyondLoopbackWithoutATokenIsRefusedAtStart() {
        assertThatThrownBy(() -> RunningHawkeye.start("listen: \"0.0.0.0:0\"", "monitors: []\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.listen")
                .hasMessageContaining("beyond loopback")
                .hasMessageContaining("needs an auth_token, or allow_unauthenticated: true");
    }

    @Test
    void aMisspeltKeyIsRefusedNamingTheOneMeant() {
        assertThatThrownBy(() -> RunningHawkeye.start("auth_tokn: x", "monitors: []\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.auth_tokn")
                .hasMessageContaining("did you mean 'auth_token'?");
    }

    @Test
    void anAddressGivenThatIsTakenFailsTheStart() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> RunningHawkeye.start("listen: \"127.0.0.1:" + taken.getLocalPort() + "\"", "monitors: []\n"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot serve HTTP on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void whenTheDefaultPortIsTakenTheDaemonRunsWithoutHttp() throws Exception {
        ServerSocket taken = null;
        try {
            taken = new ServerSocket(9466, 1, InetAddress.getLoopbackAddress());
        } catch (IOException alreadyTaken) {
            // Taken by something else: the case under test all the same.
        }
        try (RunningHawkeye running = RunningHawkeye.startWithDefaultHttp("monitors: []\n")) {
            assertThat(running.hawkeye().httpAddress()).isEqualTo("http off: 127.0.0.1:9466 is in use");
            assertThat(running.hawkeye().status().store().available()).isTrue();
        } finally {
            if (taken != null) {
                taken.close();
            }
        }
    }

    @Test
    void anAgentAloneAnswersQueriesButRecordsNoPoints() throws Exception {
        try (RunningHawkeye agent = RunningHawkeye.start("", "monitors: []\n", false, true)) {
            assertThat(agent.get("/api/v1/status").statusCode()).isEqualTo(200);
            assertError(agent.post("/api/v1/points", "{\"points\": [{\"key\": \"a\"}]}"), 404, "runs the agent alone");
        }
    }

    @Test
    void requestsBeyondMaxConcurrentAreAnswered503AtOnce() throws Exception {
        try (RunningHawkeye running = RunningHawkeye.start("max_concurrent_requests: 1", "monitors: []\n");
             Socket holder = new Socket()) {
            // A body announced but not sent holds the one request slot while the server waits for it.
            holder.connect(address(running));
            OutputStream out = holder.getOutputStream();
            out.write(("POST /api/v1/points HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"points\"")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();

            await().atMost(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertError(running.get("/api/v1/status"), 503, "too many requests at once (max_concurrent_requests: 1)"));
        }
    }

    @Test
    void aClientThatSendsHalfARequestIsDisconnectedAfterTheRequestTimeout() throws Exception {
        try (RunningHawkeye running = RunningHawkeye.start("", "monitors: []\n"); Socket slow = new Socket()) {
            slow.connect(address(running));
            slow.setSoTimeout(10_000);
            slow.getOutputStream().write("GET /healthz HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
            slow.getOutputStream().flush();
            long started = System.nanoTime();

            InputStream in = slow.getInputStream();
            int read;
            try {
                read = in.read();
            } catch (java.net.SocketException reset) {
                read = -1;
            }

            Duration held = Duration.ofNanos(System.nanoTime() - started);
            assertThat(read).as("the server closed the connection").isEqualTo(-1);
            // request_timeout is 2s; the JDK server checks its connections once a second.
            assertThat(held).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(5));
            assertThat(running.get("/healthz").statusCode()).isEqualTo(200);
        }
    }

    private static java.net.InetSocketAddress address(RunningHawkeye running) {
        URI uri = running.uri("/");
        return new java.net.InetSocketAddress(uri.getHost(), uri.getPort());
    }
}
