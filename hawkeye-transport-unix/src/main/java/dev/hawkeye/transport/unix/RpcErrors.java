package dev.hawkeye.transport.unix;

/** The JSON-RPC 2.0 error codes the transport answers with. */
final class RpcErrors {
    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    static final int INTERNAL_ERROR = -32603;

    private RpcErrors() {
    }
}
