package dev.hawkeye.transport.unix;

import dev.hawkeye.api.config.PluginConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** A started unix transport on a temporary socket path, with recording collaborators. */
final class TransportFixture implements AutoCloseable {
    static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");

    final Path path;
    final RecordingSink sink = new RecordingSink();
    final FixedQueryService queries = new FixedQueryService();
    final UnixSocketTransport transport;

    private TransportFixture(Path path, UnixSocketTransport transport) {
        this.path = path;
        this.transport = transport;
    }

    /** Starts a transport on {@code dir/hawkeye.sock} with the given extra config keys. */
    static TransportFixture start(Path dir, Object... keysAndValues) throws IOException {
        Path path = dir.resolve("hawkeye.sock");
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("path", path.toString());
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        UnixTransportSettings settings = UnixTransportSettings.from(PluginConfig.of("transport", values, key -> "test.yaml"));
        UnixSocketTransport transport = new UnixSocketTransport(settings, Clock.fixed(NOW, ZoneOffset.UTC));
        TransportFixture fixture = new TransportFixture(path, transport);
        transport.start(fixture.sink, fixture.queries);
        return fixture;
    }

    RpcClient connect() throws IOException {
        return RpcClient.connect(path);
    }

    long counter(TransportCounter counter) {
        return transport.counters().get(counter.key());
    }

    @Override
    public void close() {
        transport.close();
    }
}
