package dev.hawkeye.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A Lua script shipped in this plugin's resources, with the SHA-1 Redis knows it by (for
 * {@code EVALSHA}). A script may start with libraries, files of local functions that several
 * scripts share (Redis has no include): they are put before it. Immutable.
 */
final class LuaScript {
    static final String WRITE_BATCH = "write-batch.lua";
    static final String READ_WINDOW = "read-window.lua";
    static final String HOLD_LEASE = "hold-lease.lua";
    static final String RELEASE_LEASE = "release-lease.lua";
    static final String SAVE_ALERT = "save-alert.lua";
    static final String READ_OUTBOX = "read-outbox.lua";
    static final String REMOVE_OUTBOX = "remove-outbox.lua";
    static final String FORGET_ALERT = "forget-alert.lua";
    static final String READ_GROUPS = "read-groups.lua";
    static final String READ_LAST = "read-last.lua";
    /** Library: numbers printed short, for the scripts that write them into slabs. */
    static final String SHORTEST_TEXT = "shortest-text.lua";
    /** Library: the merge of one series' window, for the read scripts (after {@link #SHORTEST_TEXT}). */
    static final String SERIES_WINDOW = "series-window.lua";
    /** Library: the check of a fence against its lease, for the alert scripts. */
    static final String FENCE = "fence.lua";

    private final String name;
    private final String source;
    private final String sha1;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha1 = sha1Hex(source);
    }

    /** Loads {@code name} from this package's resources, after the {@code libraries} it uses, in their order. */
    static LuaScript load(String name, String... libraries) {
        StringBuilder source = new StringBuilder();
        for (String library : libraries) {
            source.append(read(library)).append('\n');
        }
        return new LuaScript(name, source.append(read(name)).toString());
    }

    private static String read(String name) {
        try (InputStream in = LuaScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the redis store plugin jar lacks its script " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the script " + name + " of the redis store plugin", e);
        }
    }

    String name() {
        return name;
    }

    String source() {
        return source;
    }

    String sha1() {
        return sha1;
    }

    private static String sha1Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(digest.length * 2);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }
}
