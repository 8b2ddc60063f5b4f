package dev.hawkeye.store.redis;

import dev.hawkeye.api.config.Secrets;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where Redis is and how to log in: {@code redis://[user:password@]host[:port][/db]}, or
 * {@code rediss://...} for TLS. Immutable. {@link #toString()} is the redacted form, so the
 * password cannot leak by printing the value.
 *
 * @param tls      {@code rediss://}: connect with TLS (the host name is verified)
 * @param user     the ACL user, or {@code null} for the default user
 * @param password the password, or {@code null} for none
 * @param host     the host name or address (an IPv6 address without brackets)
 * @param port     the port, 6379 when the URL gives none
 * @param database the database number, 0 when the URL gives none
 */
record RedisUrl(boolean tls, String user, String password, String host, int port, int database) {
    static final int DEFAULT_PORT = 6379;

    /**
     * Parses a URL. Special characters in the user or password may be percent-encoded; an
     * unescaped {@code @}, {@code /} or {@code #} in the password is accepted too (the host
     * starts after the last {@code @}).
     *
     * @throws IllegalArgumentException saying what is wrong; its message holds the URL only in
     *                                  its redacted form
     */
    static RedisUrl parse(String url) {
        String redacted = Secrets.redactUrl(url);
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            throw new IllegalArgumentException("expected redis://[user:password@]host:port/db or rediss://..., got '" + redacted + "'");
        }
        String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException("the scheme must be redis:// or rediss:// (TLS), got '" + redacted + "'");
        }
        String rest = url.substring(schemeEnd + 3);
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("the user info of '" + redacted
                        + "' must be user:password or :password (a password alone needs the leading colon)");
            }
            user = colon == 0 ? null : decode(userInfo.substring(0, colon));
            password = decode(userInfo.substring(colon + 1));
            if (password.isEmpty()) {
                password = null;
            }
            rest = rest.substring(at + 1);
        }
        if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
            throw new IllegalArgumentException("'" + redacted + "' has a query or fragment; none is supported");
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + redacted + "' has an IPv6 address without its closing ']'");
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new IllegalArgumentException("'" + redacted + "' has text after the IPv6 address that is not a port");
                }
                portText = after.substring(1);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? null : authority.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("'" + redacted + "' has no host");
        }
        int port = portText == null ? DEFAULT_PORT : parseNumber(portText, 1, 65_535, "port", redacted);
        int database = path.isEmpty() ? 0 : parseNumber(path, 0, Integer.MAX_VALUE, "database number", redacted);
        return new RedisUrl(scheme.equals("rediss"), user, password, host, port, database);
    }

    /** {@code redis://user:***@host:port/db}: the URL without its password, for messages. */
    String redacted() {
        StringBuilder out = new StringBuilder(tls ? "rediss://" : "redis://");
        if (user != null || password != null) {
            out.append(user == null ? "" : user).append(':').append(password == null ? "" : Secrets.MASK).append('@');
        }
        out.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host);
        return out.append(':').append(port).append('/').append(database).toString();
    }

    /** The redacted form; see {@link #redacted()}. */
    @Override
    public String toString() {
        return redacted();
    }

    private static int parseNumber(String text, int min, int max, String what, String redacted) {
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("the " + what + " of '" + redacted + "' must be a number from " + min + " to " + max
                + ", got '" + text + "'");
    }

    /** Decodes {@code %XX} escapes (as UTF-8); a {@code %} not followed by two hex digits stays as it is. */
    private static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
                bytes.write(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
                i += 2;
            } else {
                bytes.write(raw[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit((char) b, 16);
    }
}
