package plugin.websockets_native;

import com.naef.jnlua.LuaState;
import com.naef.jnlua.LuaType;

import java.nio.charset.Charset;

import plugin.websockets_native.transport.StreamOptions;

/**
 * Reads the `OpenOptions` table of ts/transport/contract.ts into {@link StreamOptions}. The plugin
 * validated the values already; here a missing field takes the contract's default.
 *
 * Strings are read as bytes (toByteArray) and decoded as UTF-8 here, never with JNLua's
 * toString(): that goes through JNI's NewStringUTF, which takes modified UTF-8 only, so a game's
 * ordinary UTF-8 with a character outside the BMP (a host name in an IDN's Unicode form) makes
 * Android's CheckJNI abort the app, and a NUL cuts the string short. `ca` stays bytes: PEM text.
 */
final class LuaOpenOptions {
    /**
     * Added to the plugin's `timeout` for the stream's own limit on connecting. The plugin enforces
     * `timeout` itself and reports it as errorType "timeout"; the stream's limit only has to make
     * sure no thread waits forever, and must not pre-empt that verdict with "connect" or "tls".
     */
    static final double OWN_LIMIT_GRACE_SECONDS = 1;

    private static final Charset UTF_8 = Charset.forName("UTF-8");

    private LuaOpenOptions() {
    }

    /** The options table at the given (positive) stack index: argument 1 of `open`. */
    static StreamOptions read(LuaState luaState, int index) throws LuaMisuse.Failure {
        if (luaState.type(index) != LuaType.TABLE) {
            throw LuaMisuse.typeError(luaState, 1, "open", "table", index);
        }
        String host = string(luaState, index, "host", "");
        return new StreamOptions(
                host,
                (int) number(luaState, index, "port", 0),
                bool(luaState, index, "secure", false),
                string(luaState, index, "serverName", host),
                string(luaState, index, "minTls", "1.2"),
                bool(luaState, index, "verify", true),
                bytes(luaState, index, "ca"),
                ownLimit(number(luaState, index, "timeout", 0)));
    }

    private static double ownLimit(double pluginTimeout) {
        return pluginTimeout > 0 ? pluginTimeout + OWN_LIMIT_GRACE_SECONDS : 0;
    }

    private static String string(LuaState luaState, int table, String key, String fallback) {
        luaState.getField(table, key);
        try {
            return luaState.type(-1) == LuaType.STRING ? new String(luaState.toByteArray(-1), UTF_8) : fallback;
        } finally {
            luaState.pop(1);
        }
    }

    /** The string's bytes as they are, or null when the field is not a string. */
    private static byte[] bytes(LuaState luaState, int table, String key) {
        luaState.getField(table, key);
        try {
            return luaState.type(-1) == LuaType.STRING ? luaState.toByteArray(-1) : null;
        } finally {
            luaState.pop(1);
        }
    }

    private static double number(LuaState luaState, int table, String key, double fallback) {
        luaState.getField(table, key);
        try {
            return luaState.type(-1) == LuaType.NUMBER ? luaState.toNumber(-1) : fallback;
        } finally {
            luaState.pop(1);
        }
    }

    private static boolean bool(LuaState luaState, int table, String key, boolean fallback) {
        luaState.getField(table, key);
        try {
            return luaState.type(-1) == LuaType.BOOLEAN ? luaState.toBoolean(-1) : fallback;
        } finally {
            luaState.pop(1);
        }
    }
}
