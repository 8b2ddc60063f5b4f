package dev.hawkeye.core.plugin;

import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.notify.Notifier;

/** A plugin's {@link Notifier}, called with the plugin's context class loader. Forwards every method. */
final class ContextNotifier implements Notifier {
    private final Notifier delegate;
    private final ClassLoader loader;

    ContextNotifier(Notifier delegate, ClassLoader loader) {
        this.delegate = delegate;
        this.loader = loader;
    }

    @Override
    public void send(Notification notification) throws Exception {
        ContextSwitch.run(loader, () -> delegate.send(notification));
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
