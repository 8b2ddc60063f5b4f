package dev.hawkeye.core.plugin;

import dev.hawkeye.api.transport.MetricSink;
import dev.hawkeye.api.transport.QueryService;
import dev.hawkeye.api.transport.Transport;
import java.io.IOException;
import java.util.Map;

/**
 * A plugin's {@link Transport}, called with the plugin's context class loader. Threads the
 * transport starts in {@link #start} inherit that loader.
 */
final class ContextTransport implements Transport {
    private final Transport delegate;
    private final ClassLoader loader;

    ContextTransport(Transport delegate, ClassLoader loader) {
        this.delegate = delegate;
        this.loader = loader;
    }

    @Override
    public void start(MetricSink sink, QueryService query) throws IOException {
        ContextSwitch.run(loader, () -> delegate.start(sink, query));
    }

    @Override
    public String describe() {
        return ContextSwitch.call(loader, delegate::describe);
    }

    @Override
    public Map<String, Long> counters() {
        return ContextSwitch.call(loader, delegate::counters);
    }

    @Override
    public void close() {
        ContextSwitch.run(loader, delegate::close);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
