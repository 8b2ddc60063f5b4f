package dev.hawkeye.core.config;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.config.ConfigProblem;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads a configuration file when it changes, and on request ({@link #reloadNow()}, e.g. on
 * SIGHUP): loads it, and hands the new configuration to {@code apply} (normally
 * {@link dev.hawkeye.core.Hawkeye#reload}). A file that cannot be loaded, or that {@code apply}
 * refuses with a {@link ConfigException}, is logged with every problem and changes nothing: the
 * running configuration stays.
 *
 * <p>It watches the file's directory ({@link WatchService}), since editors and config managers
 * replace a file by renaming another over it (and Kubernetes swaps a symbolic link). Any change in
 * the directory starts a quiet period ({@code debounce}); once nothing more changed for that long,
 * the file is read, and loaded only when its bytes differ from those last seen (so a save without
 * a change, or a change to another file, reloads nothing). A {@code .env} change alone is picked up
 * at the next reload of the config file or by {@link #reloadNow()}.
 *
 * <p>Thread-safe: reloads, from the watch thread and from {@link #reloadNow()}, run one at a time.
 */
public final class ConfigWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

    private final Path file;
    private final Function<Path, HawkeyeConfig> loader;
    private final Consumer<HawkeyeConfig> apply;
    private final long debounceNanos;
    private WatchService watchService;
    private Thread thread;
    /** The bytes last loaded or refused; null when the file could not be read. Guarded by this. */
    private byte[] lastSeen;
    private volatile boolean closed;

    /**
     * @param file     the config file
     * @param loader   loads the file, throwing {@link ConfigException} with its problems, e.g.
     *                 {@code path -> new ConfigLoader(Environment.load(dir)).load(path)}
     * @param apply    applies a loaded config; may refuse it with a {@link ConfigException}
     * @param debounce how long the directory must be quiet before the file is read
     */
    public ConfigWatcher(Path file, Function<Path, HawkeyeConfig> loader, Consumer<HawkeyeConfig> apply, Duration debounce) {
        this.file = file.toAbsolutePath().normalize();
        this.loader = loader;
        this.apply = apply;
        this.debounceNanos = debounce.toNanos();
    }

    /**
     * Starts watching on a daemon thread. The file as it is now counts as already loaded.
     *
     * @throws IOException           when the directory cannot be watched
     * @throws IllegalStateException when called twice or after {@link #close()}
     */
    public synchronized void start() throws IOException {
        if (thread != null || closed) {
            throw new IllegalStateException(closed ? "the config watcher is closed" : "the config watcher is already started");
        }
        lastSeen = read();
        watchService = FileSystems.getDefault().newWatchService();
        file.getParent().register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        thread = new Thread(this::watch, "hawkeye-config-watcher");
        thread.setDaemon(true);
        thread.start();
        log.info("watching {} for changes", file);
    }

    /**
     * Loads and applies the file now, whether or not it changed.
     *
     * @return true when the new configuration was applied; false when it was refused (and logged)
     */
    public synchronized boolean reloadNow() {
        lastSeen = read();
        return loadAndApply();
    }

    /** Stops watching; a reload in progress finishes. Idempotent. */
    @Override
    public void close() {
        closed = true;
        WatchService service;
        synchronized (this) {
            service = watchService;
        }
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                log.warn("closing the watch of {} failed: {}", file, e.toString());
            }
        }
    }

    private void watch() {
        long quietUntil = 0;
        boolean pending = false;
        while (!closed) {
            WatchKey key;
            try {
                key = pending ? watchService.poll(Math.max(0, quietUntil - System.nanoTime()), TimeUnit.NANOSECONDS) : watchService.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            if (key != null) {
                // Which file changed does not matter here: the bytes of ours decide.
                key.pollEvents();
                if (!key.reset()) {
                    log.error("the directory of {} can no longer be watched (was it removed?); changes are not picked up"
                            + " until a restart or a reload request", file);
                    return;
                }
                pending = true;
                quietUntil = System.nanoTime() + debounceNanos;
            } else if (pending && System.nanoTime() - quietUntil >= 0) {
                pending = false;
                reloadIfChanged();
            }
        }
    }

    private synchronized void reloadIfChanged() {
        if (closed) {
            return;
        }
        byte[] now = read();
        if (now == null || Arrays.equals(now, lastSeen)) {
            return;
        }
        lastSeen = now;
        log.info("{} changed; reloading", file);
        loadAndApply();
    }

    /** The file's bytes, or null (logged) when it cannot be read: while it is being replaced, or gone. */
    private byte[] read() {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            log.warn("{} does not exist (now); the running config stays", file);
        } catch (IOException e) {
            log.warn("cannot read {}: {}; the running config stays", file, e.toString());
        }
        return null;
    }

    private boolean loadAndApply() {
        try {
            apply.accept(loader.apply(file));
            return true;
        } catch (ConfigException e) {
            for (ConfigProblem problem : e.problems()) {
                log.warn("config refused: {}", problem);
            }
            log.warn("{} refused with {} problem(s); the running config stays", file, e.problems().size());
        } catch (RuntimeException e) {
            log.error("reloading {} failed: {}; the running config stays", file, e.toString(), e);
        }
        return false;
    }
}
