package dev.hawkeye.transport.unix;

import com.fasterxml.jackson.databind.JsonNode;
import com.googlecode.jsonrpc4j.ErrorResolver;
import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.store.StoreException;
import dev.hawkeye.protocol.HawkeyeRpc;
import dev.hawkeye.protocol.InvalidParamsException;
import dev.hawkeye.protocol.UnsupportedQueryException;
import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

/**
 * Turns what a {@link HawkeyeRpc} method throws into a JSON-RPC error: bad params are -32602 with
 * {@code data: {"field": ...}}, a store that cannot answer is -32000, a read the store cannot do
 * (matchers on a store without an index of series) is -32001, anything else is -32603 and is
 * counted and logged (it is a bug or an outage, not the client's fault).
 */
final class RpcErrorResolver implements ErrorResolver {
    static final int STORE_UNAVAILABLE = -32000;
    static final int UNSUPPORTED = -32001;

    private final TransportCounters counters;

    RpcErrorResolver(TransportCounters counters) {
        this.counters = counters;
    }

    @Override
    public JsonError resolveError(Throwable thrown, Method method, List<JsonNode> arguments) {
        if (thrown instanceof InvalidParamsException) {
            InvalidParamsException invalid = (InvalidParamsException) thrown;
            return new JsonError(RpcErrors.INVALID_PARAMS, invalid.getMessage(), fieldData(invalid.field()));
        }
        if (thrown instanceof InvalidPointException) {
            InvalidPointException invalid = (InvalidPointException) thrown;
            return new JsonError(RpcErrors.INVALID_PARAMS, invalid.getMessage(), fieldData(invalid.field()));
        }
        if (thrown instanceof UnsupportedQueryException) {
            return new JsonError(UNSUPPORTED, thrown.getMessage(), null);
        }
        if (thrown instanceof StoreException) {
            return new JsonError(STORE_UNAVAILABLE, "store unavailable: " + thrown.getMessage(), null);
        }
        counters.drop(TransportCounter.REQUESTS_FAILED, Level.ERROR,
                "request " + method.getName() + " failed: " + thrown);
        return new JsonError(RpcErrors.INTERNAL_ERROR, "internal error: " + thrown.getClass().getSimpleName()
                + (thrown.getMessage() == null ? "" : ": " + thrown.getMessage()), null);
    }

    private static Map<String, String> fieldData(String field) {
        return field == null ? null : Map.of("field", field);
    }
}
