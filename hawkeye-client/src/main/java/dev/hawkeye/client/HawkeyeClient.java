package dev.hawkeye.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.metric.TagMatcher;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Records metrics for a hawkeye server over its Unix socket.
 *
 * <pre>{@code
 * try (HawkeyeClient hawkeye = HawkeyeClient.connect(Path.of("/tmp/hawkeye.sock"))) {
 *     hawkeye.increment("http.server.requests", "method", "GET", "status", "200");
 *     hawkeye.time("db.query", Duration.ofMillis(12), "table", "orders");
 * }
 * }</pre>
 *
 * <p><b>Recording</b> ({@link #increment}, {@link #count}, {@link #gauge}, {@link #histogram},
 * {@link #time}) never blocks and does no I/O on the caller's thread: the point goes into a bounded
 * buffer, and a background daemon thread named {@value #SENDER_THREAD_NAME} sends the buffer in
 * {@code recordBatch} requests. When the buffer is full the point is dropped and counted
 * ({@link #droppedPoints()}); a warning is logged at most once per ten seconds. A point stays in
 * the buffer until the server has answered for it: while the server is down or restarting the
 * client reconnects with exponential backoff and keeps the points meanwhile. A point is delivered
 * once, except when the connection breaks after the server received a batch and before it answered:
 * that batch is sent again. Tags are alternating name/value strings, as in Micrometer's
 * {@code Tags.of("method", "GET")}. Invalid keys, tags or values are a programmer error: they throw
 * {@link InvalidPointException} (an {@link IllegalArgumentException}) at once, naming the field.
 *
 * <p><b>Client-side aggregation</b> ({@link Builder#aggregation}, off by default), as DogStatsD's
 * Java client does it: between two sends, the counts of a counter series are summed and a gauge
 * series keeps only its last value, so that a hot loop of {@link #increment} costs an addition on
 * the caller's thread, not a buffered point, and allocates nothing for a series seen before. Once
 * per flush interval (and on {@link #flush}) each series with something recorded becomes one point,
 * stamped with that moment, and is delivered like any point. The server then sees the same count,
 * sum and rate of a counter, and the same last value of a gauge, but a gauge's min, max and average
 * are those of the values sent, one per flush interval. Histograms (and {@link #time}) are never
 * aggregated. At most {@value #MAX_AGGREGATED_SERIES} series are aggregated; further ones are
 * buffered point by point. An aggregate that cannot be sent before {@link #close()} is counted as one
 * dropped point.
 *
 * <p><b>Tools</b> ({@link #ping}, {@link #query}, {@link #series}, {@link #status}, {@link #send}) are blocking
 * request/response calls, each over its own short-lived connection; they throw
 * {@link IOException} naming the socket when no server answers there, and
 * {@link ServerErrorException} with the server's message when it answers with an error.
 *
 * <p>Thread-safe. {@link #close()} sends what is buffered (waiting at most the flush timeout), then
 * stops the sender; points recorded after {@code close()} are dropped and counted.
 */
public final class HawkeyeClient implements AutoCloseable {
    /** Where the server listens unless told otherwise. */
    public static final Path DEFAULT_SOCKET = Path.of("/tmp/hawkeye.sock");
    /** The environment variable that overrides {@link #DEFAULT_SOCKET}. */
    public static final String SOCKET_ENV = "HAWKEYE_SOCKET";
    /** The name of the background thread that sends the points. */
    public static final String SENDER_THREAD_NAME = "hawkeye-client-sender";
    /** How many series client-side aggregation holds at most. */
    public static final int MAX_AGGREGATED_SERIES = 10_000;

    private static final System.Logger LOG = System.getLogger(HawkeyeClient.class.getName());
    private static final String[] NO_TAGS = new String[0];

    private final Path socket;
    private final Clock clock;
    private final Duration requestTimeout;
    private final Duration flushTimeout;
    private final PointBuffer buffer;
    private final SeriesCache seriesCache = new SeriesCache();
    private final LongAdder droppedPoints = new LongAdder();
    /** Null without client-side aggregation. */
    private final ClientAggregates aggregates;
    private final Sender sender;
    private final Thread senderThread;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HawkeyeClient(Builder builder) {
        this.socket = builder.socket;
        this.clock = builder.clock;
        this.requestTimeout = builder.requestTimeout;
        this.flushTimeout = builder.flushTimeout;
        this.buffer = new PointBuffer(builder.bufferSize, builder.maxBatchSize);
        this.aggregates = builder.aggregation ? new ClientAggregates(MAX_AGGREGATED_SERIES, droppedPoints) : null;
        this.sender = new Sender(socket, buffer, aggregates, builder.maxBatchSize, builder.flushInterval, requestTimeout,
                new Backoff(builder.initialBackoff, builder.maxBackoff), clock, droppedPoints::sum);
        this.senderThread = new Thread(sender, SENDER_THREAD_NAME);
        senderThread.setDaemon(true);
        senderThread.start();
    }

    /**
     * A client with default settings for the server at {@code socket}. Returns at once: the
     * connection is made in the background, so the server may start later.
     */
    public static HawkeyeClient connect(Path socket) {
        return builder().socket(socket).build();
    }

    /** A client with default settings for the server at {@link #defaultSocket()}. */
    public static HawkeyeClient connect() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code $HAWKEYE_SOCKET} when it is set, otherwise {@link #DEFAULT_SOCKET}. */
    public static Path defaultSocket() {
        String fromEnvironment = System.getenv(SOCKET_ENV);
        return fromEnvironment == null || fromEnvironment.isBlank() ? DEFAULT_SOCKET : Path.of(fromEnvironment);
    }

    // ---- recording: never blocks, no I/O ----

    /**
     * Counts one occurrence (a counter point of 1) of a series without tags. The overloads without
     * tags exist so that a call allocates no varargs array; with tags, a {@code static final}
     * {@code String[]} passed as {@code tags} avoids it too.
     */
    public void increment(String key) {
        record(key, NO_TAGS, MetricType.COUNTER, 1);
    }

    /** Counts one occurrence (a counter point of 1). */
    public void increment(String key, String... tags) {
        record(key, tags, MetricType.COUNTER, 1);
    }

    /** Like {@link #count(String, double, String...)} for a series without tags. */
    public void count(String key, double amount) {
        count(key, amount, NO_TAGS);
    }

    /**
     * Counts {@code amount} occurrences.
     *
     * @throws InvalidPointException when the amount is negative, NaN or infinite
     */
    public void count(String key, double amount, String... tags) {
        if (!(amount >= 0) || amount == Double.POSITIVE_INFINITY) {
            throw new InvalidPointException("value", "a count must be a finite number of at least 0; got " + amount);
        }
        record(key, tags, MetricType.COUNTER, amount);
    }

    /** Like {@link #gauge(String, double, String...)} for a series without tags. */
    public void gauge(String key, double value) {
        gauge(key, value, NO_TAGS);
    }

    /** Records the current value of something that goes up and down (the last value wins). */
    public void gauge(String key, double value, String... tags) {
        requireFinite(value);
        record(key, tags, MetricType.GAUGE, value);
    }

    /** Like {@link #histogram(String, double, String...)} for a series without tags. */
    public void histogram(String key, double value) {
        histogram(key, value, NO_TAGS);
    }

    /** Records one observation of a distribution (a size, a latency, ...). */
    public void histogram(String key, double value, String... tags) {
        requireFinite(value);
        record(key, tags, MetricType.HISTOGRAM, value);
    }

    /**
     * Records a duration as a histogram observation in milliseconds.
     *
     * @throws InvalidPointException when the duration is negative
     */
    public void time(String key, Duration duration, String... tags) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new InvalidPointException("value", "a duration must not be negative; got " + duration);
        }
        record(key, tags, MetricType.HISTOGRAM, duration.getSeconds() * 1000.0 + duration.getNano() / 1_000_000.0);
    }

    /** Runs {@code action} and records how long it took (also when it throws), like {@link #time(String, Duration, String...)}. */
    public void time(String key, Runnable action, String... tags) {
        // Validate first: a bad key must not be found out only after the work is done.
        seriesCache.of(key, tags);
        long start = System.nanoTime();
        try {
            action.run();
        } finally {
            time(key, Duration.ofNanos(System.nanoTime() - start), tags);
        }
    }

    /** Starts timing something; {@link TimerSample#stop} records it. */
    public TimerSample startTimer() {
        return new TimerSample(this, System.nanoTime());
    }

    private void record(String key, String[] tags, MetricType type, double value) {
        SeriesCache.Entry entry = seriesCache.entry(key, tags);
        if (aggregates != null && type != MetricType.HISTOGRAM) {
            AggregateCell cell = entry.cell;
            if (cell == null) {
                cell = aggregates.cell(entry.series, type);
                entry.cell = cell;
            }
            if (cell != null && cell.type == type) {
                if (!cell.record(value)) {
                    droppedPoints.increment();
                }
                return;
            }
        }
        if (!buffer.offer(entry.series, type, value, clock.millis())) {
            droppedPoints.increment();
        }
    }

    private static void requireFinite(double value) {
        if (!Double.isFinite(value)) {
            throw new InvalidPointException("value", "value must be a finite number; got " + value);
        }
    }

    // ---- delivery ----

    /** Like {@link #flush(Duration)} with the builder's flush timeout. */
    public boolean flush() {
        return flush(flushTimeout);
    }

    /**
     * Sends what was recorded before this call (with client-side aggregation: the aggregates so far
     * too) and waits until the server has answered for it.
     *
     * @return true when it was answered (accepted or rejected), false when the timeout passed first
     *         (the server is unreachable or slow; the points stay buffered) or the thread was
     *         interrupted (its interrupt flag is then set)
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                int left = aggregates == null ? 0 : aggregates.drainTo(buffer, clock.millis());
                if (!buffer.flush(Math.max(0, deadline - System.nanoTime()))) {
                    return false;
                }
                // Aggregates the full buffer had no room for go in the room the flush made.
                if (left == 0) {
                    return true;
                }
                if (deadline - System.nanoTime() <= 0) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Points that the server accepted. */
    public long sentPoints() {
        return sender.sentPoints();
    }

    /** Points that the server rejected (each is logged with the server's reason). */
    public long rejectedPoints() {
        return sender.rejectedPoints();
    }

    /**
     * Points dropped because the buffer was full, or still unsent when the client closed (with
     * client-side aggregation, an aggregate that could not be sent counts as one).
     */
    public long droppedPoints() {
        return droppedPoints.sum();
    }

    /** Points recorded and not yet answered for by the server (aggregates not yet sent are not counted). */
    public int bufferedPoints() {
        return buffer.size();
    }

    /** The server's socket. */
    public Path socket() {
        return socket;
    }

    // ---- tools: blocking request/response ----

    /**
     * Asks the server whether it is there.
     *
     * @throws IOException naming the socket when no server answers
     */
    public void ping() throws IOException {
        JsonNode result = call("ping", null);
        if (!"pong".equals(result.asText())) {
            throw new IOException("hawkeye at " + socket + " answered ping with " + result + " instead of \"pong\"");
        }
    }

    /** Like {@link #query(String, Map, String, Duration)} for every series of the key. */
    public OptionalDouble query(String key, String aggregate, Duration window) throws IOException {
        return query(key, Map.of(), aggregate, window);
    }

    /**
     * Reads one aggregate over the merged series of a key whose tags match, over the window that
     * ends now. Each tag's value is a matcher as a monitor's {@code tags:} writes it: a value
     * ({@code checkout}), a glob ({@code web-*}), a negation ({@code !canary}, which a series
     * without the tag passes too) or {@code *} (the tag is present); tags not named are allowed.
     *
     * @param aggregate {@code count}, {@code sum}, {@code avg}, {@code min}, {@code max}, {@code last},
     *                  {@code rate}, ... (the server checks the name)
     * @param window    positive, in whole milliseconds
     * @return empty when the window holds no data (a count of nothing is 0)
     * @throws InvalidPointException    when the key or a matcher is invalid (an empty value, say)
     * @throws IllegalArgumentException when the window is not positive or has a fraction of a millisecond
     * @throws ServerErrorException     with the server's message when it refuses the query, or its
     *                                  store cannot find series by matchers
     * @throws IOException              naming the socket when no server answers
     */
    public OptionalDouble query(String key, Map<String, String> tags, String aggregate, Duration window) throws IOException {
        if (key == null) {
            throw new InvalidPointException("key", "key is required and must not be empty");
        }
        List<TagMatcher> matchers = new ArrayList<>();
        if (tags != null) {
            tags.forEach((tag, matcher) -> matchers.add(TagMatcher.parse(tag, matcher)));
        }
        return Wire.queryValue(query(SeriesSelector.matching(key, matchers), null, aggregate, window, "query"));
    }

    /**
     * Reads one aggregate per group of the series {@code selector} selects, over the window that
     * ends now: the series that share the values of every {@code by} tag form a group (a series
     * without one of them belongs to none), and a group's value is that of their merge. Without
     * {@code by}, the one group {@code {}} of every selected series.
     *
     * <pre>{@code
     * QueryGroups errors = hawkeye.query(SeriesSelector.matching("api.errors", List.of(
     *         TagMatcher.parse("host", "web-*"), TagMatcher.anyOf("region", List.of("eu-west", "eu-north")))),
     *         List.of("host"), "count", Duration.ofMinutes(5));
     * }</pre>
     *
     * @param selector  a key and matchers ({@link SeriesSelector#matching}), one a tag
     * @param by        the group tags, none of them negated by the selector
     * @param aggregate as {@link #query(String, Map, String, Duration)} takes it
     * @param window    positive, in whole milliseconds
     * @throws InvalidPointException    naming {@code by} for a group tag that cannot be used
     * @throws IllegalArgumentException when the selector has no key or cannot be sent (see
     *                                  {@link #series}), or the window is not positive or has a fraction of a millisecond
     * @throws ServerErrorException     with the server's message when it refuses the query, or its
     *                                  store cannot find series by matchers
     * @throws IOException              naming the socket when no server answers
     */
    public QueryGroups query(SeriesSelector selector, List<String> by, String aggregate, Duration window) throws IOException {
        Objects.requireNonNull(selector, "selector");
        List<String> groupBy = Wire.checkBy(Objects.requireNonNull(by, "by"), selector);
        return Wire.queryGroups(query(selector, groupBy, aggregate, window, "grouped query"));
    }

    /**
     * Lists the series {@code selector} selects that have a point in the window that ends now,
     * with their type and last point, sorted by key and then tags.
     *
     * @param selector a key, or {@code null} for every key, and matchers ({@link SeriesSelector#matching})
     * @param window   positive, in whole milliseconds
     * @throws IllegalArgumentException when the selector cannot be sent: one that allows no other
     *                                  tags ({@link SeriesSelector#exactly}), two matchers of one tag,
     *                                  a negation of several values, a value that begins with {@code !};
     *                                  or when the window is not positive or has a fraction of a millisecond
     * @throws ServerErrorException     with the server's message when it refuses the listing, or its
     *                                  store cannot find series by matchers
     * @throws IOException              naming the socket when no server answers
     */
    public SeriesListing series(SeriesSelector selector, Duration window) throws IOException {
        Wire.checkSelector(Objects.requireNonNull(selector, "selector"));
        String windowText = Wire.window(window);
        return Wire.seriesListing(call("series", generator -> {
            generator.writeStartObject();
            Wire.writeSelector(generator, selector);
            generator.writeStringField("window", windowText);
            generator.writeEndObject();
        }));
    }

    /** The result of a {@code query}; without {@code by} (null) the ungrouped one. */
    private JsonNode query(SeriesSelector selector, List<String> by, String aggregate, Duration window, String what)
            throws IOException {
        if (selector.key() == null) {
            throw new IllegalArgumentException("a " + what + " needs a key; got the selector " + selector);
        }
        Wire.checkSelector(selector);
        if (aggregate == null || aggregate.isBlank()) {
            throw new IllegalArgumentException("aggregate is required");
        }
        String windowText = Wire.window(window);
        return call("query", generator -> {
            generator.writeStartObject();
            Wire.writeSelector(generator, selector);
            generator.writeStringField("aggregate", aggregate);
            generator.writeStringField("window", windowText);
            if (by != null) {
                generator.writeArrayFieldStart("by");
                for (String tag : by) {
                    generator.writeString(tag);
                }
                generator.writeEndArray();
            }
            generator.writeEndObject();
        });
    }

    /**
     * The server's monitors and counters.
     *
     * @throws IOException naming the socket when no server answers
     */
    public ClientStatus status() throws IOException {
        return Wire.status(call("status", null));
    }

    /**
     * Sends one point and waits for the server to take it (what {@code hawkeye send} does). Unlike
     * the recording methods this blocks, and tells about a rejection.
     *
     * @throws ServerErrorException with the server's reason when it rejects the point
     * @throws IOException          naming the socket when no server answers
     */
    public void send(Point point) throws IOException {
        Objects.requireNonNull(point, "point");
        JsonNode result = call("record", generator ->
                Wire.writePoint(generator, point.series(), point.type(), point.value(), point.timestampMillis()));
        JsonNode rejected = result.path("rejected");
        if (rejected.size() > 0) {
            JsonNode rejection = rejected.get(0);
            throw new ServerErrorException(ServerErrorException.INVALID_PARAMS,
                    rejection.path("error").asText("the point was rejected without a reason"), rejection.path("field").textValue(), null);
        }
    }

    private JsonNode call(String method, RpcConnection.ParamsWriter params) throws IOException {
        try (RpcConnection connection = RpcConnection.open(socket, requestTimeout)) {
            return connection.call(method, params);
        }
    }

    // ---- lifecycle ----

    /**
     * Sends what is buffered (waiting at most the flush timeout), stops the sender and closes the
     * connection. Points that could not be sent in time are counted as dropped and logged.
     * Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        flush(flushTimeout);
        buffer.stop();
        sender.disconnect();
        try {
            senderThread.join(requestTimeout.toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Only an exited sender may have its buffer taken away; one still alive is stuck on a
        // dead connection and its points are counted all the same.
        int unsent = senderThread.isAlive() ? buffer.size() : buffer.discardAll();
        if (aggregates != null) {
            int lost = aggregates.close();
            if (lost > 0) {
                LOG.log(Level.WARNING, () -> "closing with " + lost + " aggregated points recorded after the last send;"
                        + " they are counted as dropped");
            }
        }
        if (unsent > 0) {
            droppedPoints.add(unsent);
            LOG.log(Level.WARNING, () -> "closing with " + unsent + " points unsent: hawkeye at " + socket
                    + " did not answer for them within " + Durations.describe(flushTimeout) + "; they are counted as dropped ("
                    + droppedPoints() + " dropped in all)");
        } else if (droppedPoints() > 0) {
            LOG.log(Level.WARNING, () -> "closing; " + droppedPoints() + " points were dropped in all because the buffer was full");
        }
    }

    /**
     * Settings of a {@link HawkeyeClient}. Each setter checks its argument and throws
     * {@link IllegalArgumentException} (or {@link NullPointerException} for null) at once.
     */
    public static final class Builder {
        private static final int MAX_BUFFER_SIZE = 10_000_000;
        private Path socket = defaultSocket();
        private int bufferSize = 10_000;
        private int maxBatchSize = 1_000;
        private Duration flushInterval = Duration.ofSeconds(1);
        private Duration requestTimeout = Duration.ofSeconds(5);
        private Duration flushTimeout = Duration.ofSeconds(5);
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(5);
        private Clock clock = Clock.systemUTC();
        private boolean aggregation;

        private Builder() {
        }

        /** The server's socket; default {@link #defaultSocket()}. */
        public Builder socket(Path socket) {
            this.socket = Objects.requireNonNull(socket, "socket");
            return this;
        }

        /** How many points may wait to be sent (and answered for); more are dropped. Default 10,000, at most 10,000,000. */
        public Builder bufferSize(int bufferSize) {
            if (bufferSize > MAX_BUFFER_SIZE) {
                throw new IllegalArgumentException("bufferSize must be at most " + MAX_BUFFER_SIZE + "; got " + bufferSize);
            }
            this.bufferSize = positive(bufferSize, "bufferSize");
            return this;
        }

        /** The most points in one {@code recordBatch} request. Default 1,000. */
        public Builder maxBatchSize(int maxBatchSize) {
            this.maxBatchSize = positive(maxBatchSize, "maxBatchSize");
            return this;
        }

        /** How long a point may wait for a batch to fill before it is sent anyway. Default 1 s. */
        public Builder flushInterval(Duration flushInterval) {
            this.flushInterval = positive(flushInterval, "flushInterval");
            return this;
        }

        /** How long the server may take to answer a request. Default 5 s. */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = positive(requestTimeout, "requestTimeout");
            return this;
        }

        /** How long {@link #flush()} and {@link #close()} wait for the buffered points to be answered for. Default 5 s. */
        public Builder flushTimeout(Duration flushTimeout) {
            this.flushTimeout = positive(flushTimeout, "flushTimeout");
            return this;
        }

        /** The pause after the first failed connection attempt, doubled after each failure up to {@code max}. Default 100 ms to 5 s. */
        public Builder reconnectBackoff(Duration initial, Duration max) {
            positive(initial, "initial backoff");
            positive(max, "max backoff");
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("max backoff " + max + " is shorter than the initial backoff " + initial);
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /**
         * Whether counters are summed and gauges keep their last value on the client between two
         * sends (see the class description). Default off: every point is sent as recorded.
         */
        public Builder aggregation(boolean enabled) {
            this.aggregation = enabled;
            return this;
        }

        /** Where the points' timestamps come from. Default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Creates the client and starts its sender thread. */
        public HawkeyeClient build() {
            return new HawkeyeClient(this);
        }

        private static int positive(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1; got " + value);
            }
            return value;
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive; got " + value);
            }
            if (value.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException(name + " must be at most a day; got " + value);
            }
            return value;
        }
    }
}
