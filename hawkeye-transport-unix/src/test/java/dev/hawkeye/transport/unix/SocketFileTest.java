package dev.hawkeye.transport.unix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hawkeye.api.config.PluginConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** The socket file: its mode and group, stale and live files, removal on close. */
class SocketFileTest {
    @TempDir
    Path dir;

    @Test
    void theSocketFileIsCreatedWithMode0660ByDefault() throws IOException {
        try (TransportFixture server = TransportFixture.start(dir)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.path))).isEqualTo("rw-rw----");
            assertThat(server.transport.describe()).isEqualTo("unix:" + server.path);
        }
    }

    @Test
    void modeAndGroupAreConfigurable() throws IOException {
        String myGroup = Files.readAttributes(Files.createFile(dir.resolve("probe")), PosixFileAttributes.class).group().getName();

        try (TransportFixture server = TransportFixture.start(dir, "mode", "0600", "group", myGroup)) {
            PosixFileAttributes attributes = Files.readAttributes(server.path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            assertThat(PosixFilePermissions.toString(attributes.permissions())).isEqualTo("rw-------");
            assertThat(attributes.group().getName()).isEqualTo(myGroup);
        }
    }

    @Test
    void startReturnsOnceTheSocketAccepts() throws IOException {
        try (TransportFixture server = TransportFixture.start(dir); RpcClient client = server.connect()) {
            assertThat(client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").get("result").asText()).isEqualTo("pong");
        }
    }

    @Test
    void aStaleSocketFileLeftByACrashIsReplaced() throws IOException {
        Path path = dir.resolve("hawkeye.sock");
        AFUNIXServerSocket crashed = AFUNIXServerSocket.newInstance();
        crashed.setDeleteOnClose(false);
        crashed.bind(AFUNIXSocketAddress.of(path));
        crashed.close();
        assertThat(path).exists();

        try (TransportFixture server = TransportFixture.start(dir); RpcClient client = server.connect()) {
            assertThat(client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").get("result").asText()).isEqualTo("pong");
        }
    }

    @Test
    void aLiveSocketIsRefusedAndLeftAlone() throws IOException {
        try (TransportFixture first = TransportFixture.start(dir)) {
            UnixSocketTransport second = transportOn(first.path);

            assertThatThrownBy(() -> second.start(new RecordingSink(), new FixedQueryService()))
                    .isInstanceOf(IOException.class)
                    .hasMessage("another hawkeye is running on " + first.path);
            second.close();

            try (RpcClient client = first.connect()) {
                assertThat(client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").get("result").asText()).isEqualTo("pong");
            }
        }
    }

    @Test
    void aFileThatIsNotASocketIsNeverReplaced() throws IOException {
        Path path = Files.writeString(dir.resolve("hawkeye.sock"), "precious");
        UnixSocketTransport transport = transportOn(path);

        assertThatThrownBy(() -> transport.start(new RecordingSink(), new FixedQueryService()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a socket");
        assertThat(path).hasContent("precious");
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path path = dir.resolve("missing/hawkeye.sock");
        UnixSocketTransport transport = transportOn(path);

        assertThatThrownBy(() -> transport.start(new RecordingSink(), new FixedQueryService()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(dir.resolve("missing") + " does not exist");
    }

    @Test
    void closeStopsAcceptingClosesConnectionsAndRemovesTheFile() throws IOException {
        TransportFixture server = TransportFixture.start(dir);
        RpcClient client = server.connect();
        client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");

        server.close();

        assertThat(server.path).doesNotExist();
        assertThat(client.isClosedByServer()).isTrue();
        assertThatThrownBy(server::connect).isInstanceOf(IOException.class);
        client.close();
    }

    @Test
    void closeIsIdempotentAndWorksOnATransportNeverStarted() throws IOException {
        TransportFixture server = TransportFixture.start(dir);
        server.close();
        server.close();
        transportOn(dir.resolve("never.sock")).close();

        assertThat(server.path).doesNotExist();
    }

    @Test
    void aSecondStartIsRefused() throws IOException {
        try (TransportFixture server = TransportFixture.start(dir)) {
            assertThatThrownBy(() -> server.transport.start(new RecordingSink(), new FixedQueryService()))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aNewServerCanStartWhereAClosedOneWas() throws IOException {
        TransportFixture.start(dir).close();

        try (TransportFixture again = TransportFixture.start(dir); RpcClient client = again.connect()) {
            assertThat(client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").get("result").asText()).isEqualTo("pong");
        }
    }

    private static UnixSocketTransport transportOn(Path path) {
        return new UnixSocketTransport(UnixTransportSettings.from(
                PluginConfig.of("transport", Map.of("path", path.toString()), key -> "test.yaml")), Clock.systemUTC());
    }
}
