package plugin.websockets_native;

import com.naef.jnlua.LuaState;
import com.naef.jnlua.LuaType;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import plugin.websockets_native.transport.ListenFailure;
import plugin.websockets_native.transport.ListenOptions;
import plugin.websockets_native.transport.SocketListener;

/**
 * The Lua face of {@link SocketListener}: `listen(options)` and the `Listener` of
 * ts/transport/contract.ts, a table holding the SocketListener (see {@link LuaObjectType}) with the
 * methods step, accept, port and close. accept() pushes the same stream tables as open()
 * (through {@link LuaStreams}), so the plugin drives accepted connections like its own.
 * Every function is {@link LuaMisuse.Guarded}: misuse raises a Lua error in Lua's words, never a
 * Java exception (which inside a coroutine would meet a JNI call with the exception pending). The
 * option strings are read as bytes and decoded as UTF-8, never with JNLua's toString (modified
 * UTF-8: see {@link LuaOpenOptions}).
 */
final class LuaListeners {
    /** Seconds an accepted client has for its TLS handshake; the plugin's own timeout is shorter. */
    static final double HANDSHAKE_LIMIT_SECONDS = 30;
    private static final Charset UTF_8 = Charset.forName("UTF-8");

    private final LuaStreams streams;
    private final Set<SocketListener> open = new LinkedHashSet<>();
    private final LuaObjectType<SocketListener> type =
            new LuaObjectType<>(SocketListener.class, "plugin.websockets_native.Listener", "javaListener", "websockets_native listener")
                    .method("step", LuaListeners::step)
                    .method("accept", this::accept)
                    .method("port", LuaListeners::port)
                    .method("close", this::close);

    LuaListeners(LuaStreams streams) {
        this.streams = streams;
    }

    /** The module's listen(options) -> listener. Raises only for a malformed options table. */
    LuaMisuse.Guarded listenFunction() {
        return new LuaMisuse.Guarded("listen", luaState -> {
            SocketListener listener = SocketListener.listen(readOptions(luaState, 1));
            synchronized (open) {
                open.add(listener);
            }
            type.push(luaState, listener);
            return 1;
        });
    }

    /** At the end of the runtime: nothing will poll or close these any more. */
    void closeAll() {
        List<SocketListener> all;
        synchronized (open) {
            all = new ArrayList<>(open);
            open.clear();
        }
        for (SocketListener listener : all) {
            listener.close();
        }
    }

    /** ListenOptions from the table { host, port, backlog, tls = { certificate, key } }. */
    static ListenOptions readOptions(LuaState luaState, int index) throws LuaMisuse.Failure {
        if (luaState.type(index) != LuaType.TABLE) {
            throw LuaMisuse.typeError(luaState, 1, "listen", "table", index);
        }
        luaState.getField(index, "host");
        String host = luaState.type(-1) == LuaType.STRING ? utf8(luaState, -1) : "0.0.0.0";
        luaState.getField(index, "port");
        int port = luaState.type(-1) == LuaType.NUMBER ? (int) luaState.toNumber(-1) : 0;
        luaState.getField(index, "backlog");
        int backlog = luaState.type(-1) == LuaType.NUMBER ? (int) luaState.toNumber(-1) : 128;
        luaState.pop(3);
        String certificate = null;
        String key = null;
        luaState.getField(index, "tls");
        if (luaState.isTable(-1)) {
            luaState.getField(-1, "certificate");
            certificate = luaState.type(-1) == LuaType.STRING ? utf8(luaState, -1) : "";
            luaState.getField(-2, "key");
            key = luaState.type(-1) == LuaType.STRING ? utf8(luaState, -1) : "";
            luaState.pop(2);
        }
        luaState.pop(1);
        return new ListenOptions(host, port, backlog, certificate, key, HANDSHAKE_LIMIT_SECONDS);
    }

    /** The string at index as bytes, decoded as UTF-8 (PEM text is ASCII; a path may be UTF-8). */
    private static String utf8(LuaState luaState, int index) {
        return new String(luaState.toByteArray(index), UTF_8);
    }

    /** step() -> "starting" | "listening" | "failed", category, message */
    private static int step(LuaState luaState, SocketListener listener) {
        switch (listener.state()) {
            case LISTENING:
                luaState.pushString("listening");
                return 1;
            case FAILED:
                ListenFailure failure = listener.failure();
                luaState.pushString("failed");
                luaState.pushString(failure.category.luaName);
                luaState.pushString(failure.message);
                return 3;
            default:
                luaState.pushString("starting");
                return 1;
        }
    }

    /** accept() -> stream, peer address, peer port | nil */
    private int accept(LuaState luaState, SocketListener listener) {
        SocketListener.Accepted accepted = listener.accept();
        if (accepted == null) {
            luaState.pushNil();
            return 1;
        }
        streams.pushStream(luaState, accepted.stream);
        luaState.pushString(accepted.host);
        luaState.pushInteger(accepted.port);
        return 3;
    }

    /** port() -> the bound port, 0 before listening */
    private static int port(LuaState luaState, SocketListener listener) {
        luaState.pushInteger(listener.port());
        return 1;
    }

    /** close(): idempotent */
    private int close(LuaState luaState, SocketListener listener) {
        listener.close();
        synchronized (open) {
            open.remove(listener);
        }
        return 0;
    }
}
