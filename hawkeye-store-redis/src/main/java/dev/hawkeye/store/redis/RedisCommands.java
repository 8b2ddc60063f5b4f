package dev.hawkeye.store.redis;

import dev.hawkeye.api.store.StoreException;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;
import javax.net.ssl.SSLParameters;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A pool of connections to one Redis and the one place where its failures become
 * {@link StoreException}s: each names the operation and the redacted URL, and no message in its
 * cause chain holds the password. Thread-safe.
 *
 * <p>A command that fails because its pooled connection broke (Redis restarted, a network blip;
 * not a timeout) is sent once more on a fresh connection, and the pool's idle connections are
 * dropped, so the first command after Redis returns succeeds. That is safe because every
 * operation of the store may be repeated: a batch write is guarded by its marker, the rest are
 * reads or overwrites.
 */
final class RedisCommands implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RedisCommands.class.getName());

    private final RedisUrl url;
    private final RedisClient client;

    RedisCommands(RedisUrl url, int poolSize, Duration timeout) {
        this.url = url;
        int timeoutMillis = (int) timeout.toMillis();
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .database(url.database())
                .clientName("hawkeye");
        if (url.user() != null) {
            config.user(url.user());
        }
        if (url.password() != null) {
            config.password(url.password());
        }
        if (url.tls()) {
            SSLParameters parameters = new SSLParameters();
            // Without it a TLS socket accepts any host's certificate.
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            config.ssl(true).sslParameters(parameters);
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(poolSize);
        pool.setMaxIdle(poolSize);
        pool.setMinIdle(0);
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(timeout);
        this.client = RedisClient.builder()
                .hostAndPort(url.host(), url.port())
                .clientConfig(config.build())
                .poolConfig(pool)
                .build();
    }

    RedisUrl url() {
        return url;
    }

    /**
     * Runs {@code command} on a pooled connection.
     *
     * @param operation what is being done, for the message of a failure ({@code write of batch b-17})
     * @throws StoreException when Redis cannot be reached, times out or refuses
     */
    <T> T run(String operation, Function<UnifiedJedis, T> command) {
        try {
            return command.apply(client);
        } catch (JedisConnectionException e) {
            dropIdleConnections();
            if (!mayRetry(e)) {
                throw failure(operation, e);
            }
            LOG.log(Level.DEBUG, () -> "redis " + operation + " at " + url + " lost its connection ("
                    + reason(e) + "); trying once more on a new one");
            try {
                return command.apply(client);
            } catch (JedisException again) {
                if (again instanceof JedisConnectionException) {
                    dropIdleConnections();
                }
                throw failure(operation, again);
            }
        } catch (JedisException e) {
            throw failure(operation, e);
        }
    }

    /**
     * Runs a script by its SHA-1, sending its source only when Redis does not know it (the first
     * time, and after a restart). Every reply element is returned as text.
     */
    List<String> eval(String operation, LuaScript script, List<String> keys, List<String> args) {
        Object reply = run(operation, redis -> {
            try {
                return redis.evalsha(script.sha1(), keys, args);
            } catch (JedisNoScriptException e) {
                return redis.eval(script.source(), keys, args);
            }
        });
        return text(operation, script, reply);
    }

    /**
     * Runs a script {@code count} times in one pipeline on one connection: call {@code i} with the
     * keys and arguments {@code call.apply(i)} gives, each built just before it is sent. Redis runs
     * the calls one after the other in that order and answers other clients between two of them.
     * The calls that find the script unknown to Redis (the first time, after a restart) did not run;
     * they are sent again with the script's source. Each reply must come within the timeout, not
     * the pipeline as a whole. A connection that breaks on the way is replaced and every call sent
     * again (see {@link #run}), so the script must be safe to repeat.
     *
     * @return each call's reply, its elements as text, in the order of the calls
     * @throws StoreException when Redis cannot be reached, times out, or refuses any of the calls
     */
    List<List<String>> evalEach(String operation, LuaScript script, int count, IntFunction<ScriptCall> call) {
        List<Object> replies = run(operation, redis -> {
            List<Response<Object>> responses = new ArrayList<>(count);
            try (AbstractPipeline pipeline = redis.pipelined()) {
                for (int i = 0; i < count; i++) {
                    ScriptCall next = call.apply(i);
                    responses.add(pipeline.evalsha(script.sha1(), next.keys(), next.args()));
                }
                pipeline.sync();
            }
            List<Object> out = new ArrayList<>(count);
            List<Integer> unknown = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                try {
                    out.add(responses.get(i).get());
                } catch (JedisNoScriptException e) {
                    out.add(null);
                    unknown.add(i);
                }
            }
            if (!unknown.isEmpty()) {
                List<Response<Object>> again = new ArrayList<>(unknown.size());
                try (AbstractPipeline pipeline = redis.pipelined()) {
                    for (int i : unknown) {
                        ScriptCall next = call.apply(i);
                        again.add(pipeline.eval(script.source(), next.keys(), next.args()));
                    }
                    pipeline.sync();
                }
                for (int j = 0; j < unknown.size(); j++) {
                    out.set(unknown.get(j), again.get(j).get());
                }
            }
            return out;
        });
        List<List<String>> out = new ArrayList<>(replies.size());
        for (Object reply : replies) {
            out.add(text(operation, script, reply));
        }
        return out;
    }

    /**
     * Sends {@code count} commands in one pipeline on one connection: command {@code i} is what
     * {@code command.apply(pipeline, i)} queues. Like {@link #run}, it is sent once more on a new
     * connection when the pooled one broke, so the commands must be safe to repeat (reads).
     *
     * @return each command's answer, in their order
     */
    <T> List<T> pipelined(String operation, int count, BiFunction<AbstractPipeline, Integer, Response<T>> command) {
        return run(operation, redis -> {
            List<Response<T>> responses = new ArrayList<>(count);
            try (AbstractPipeline pipeline = redis.pipelined()) {
                for (int i = 0; i < count; i++) {
                    responses.add(command.apply(pipeline, i));
                }
                pipeline.sync();
            }
            List<T> out = new ArrayList<>(count);
            for (Response<T> response : responses) {
                out.add(response.get());
            }
            return out;
        });
    }

    /** The keys and arguments of one call of a script. */
    record ScriptCall(List<String> keys, List<String> args) {
    }

    private List<String> text(String operation, LuaScript script, Object reply) {
        if (!(reply instanceof List)) {
            throw new StoreException("redis " + operation + " at " + url + ": the script " + script.name()
                    + " answered " + reply + " instead of a list");
        }
        List<String> out = new ArrayList<>();
        for (Object element : (List<?>) reply) {
            out.add(element instanceof byte[] ? new String((byte[]) element, StandardCharsets.UTF_8) : String.valueOf(element));
        }
        return out;
    }

    /** A {@link StoreException} about {@code operation}, without the password. */
    StoreException failure(String operation, Throwable cause) {
        return new StoreException("redis " + operation + " failed at " + url + ": " + reason(cause), cause);
    }

    @Override
    public void close() {
        client.close();
    }

    private void dropIdleConnections() {
        try {
            client.getPool().clear();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "could not drop the idle connections to " + url + ": " + e);
        }
    }

    /** Not after a timeout (that would double the wait), nor when the pool had no connection to give. */
    private static boolean mayRetry(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof NoSuchElementException) {
                return false;
            }
        }
        return true;
    }

    /**
     * The messages of the cause chain and of what each suppressed (jedis puts "Connection
     * refused" there), joined, with the password masked should any hold it.
     */
    private String reason(Throwable failure) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            append(out, t.getMessage());
            for (Throwable suppressed : t.getSuppressed()) {
                append(out, suppressed.getMessage());
            }
        }
        if (out.length() == 0) {
            out.append(failure.getClass().getSimpleName());
        }
        return Redaction.scrub(out.toString(), url.password());
    }

    private static void append(StringBuilder out, String message) {
        if (message == null || message.isBlank()) {
            return;
        }
        String trimmed = message.strip();
        if (trimmed.endsWith(".")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (out.indexOf(trimmed) < 0) {
            out.append(out.length() == 0 ? "" : ": ").append(trimmed);
        }
    }
}
