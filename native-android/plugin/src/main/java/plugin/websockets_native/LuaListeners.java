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
 * ts/transport/contract.ts, a table {@code { [HANDLE_FIELD] = <SocketListener> }} whose shared
 * metatable holds step, accept, port and close. accept() pushes the same stream tables as open()
 * (through {@link LuaStreams}), so the plugin drives accepted connections like its own.
 * Every function is {@link LuaMisuse.Guarded}: misuse raises a Lua error in Lua's words, never a
 * Java exception (which inside a coroutine would meet a JNI call with the exception pending). The
 * option strings are read as bytes and decoded as UTF-8, never with JNLua's toString (modified
 * UTF-8: see {@link LuaOpenOptions}).
 */
final class LuaListeners {
    static final String METATABLE_KEY = "plugin.websockets_native.Listener";
    static final String HANDLE_FIELD = "javaListener";
    /** Seconds an accepted client has for its TLS handshake; the plugin's own timeout is shorter. */
    static final double HANDSHAKE_LIMIT_SECONDS = 30;

    private final LuaStreams streams;
    private final Set<SocketListener> open = new LinkedHashSet<>();
    private static final Charset UTF_8 = Charset.forName("UTF-8");

    private final LuaMisuse.Guarded[] methods = {
        new Step(), new Accept(), new Port(), new Close(),
    };

    LuaListeners(LuaStreams streams) {
        this.streams = streams;
    }

    /** The module's listen(options) -> listener. Raises only for a malformed options table. */
    LuaMisuse.Guarded listenFunction() {
        return new LuaMisuse.Guarded() {
            @Override
            public String getName() {
                return "listen";
            }

            @Override
            int call(LuaState luaState) throws LuaMisuse.Failure {
                SocketListener listener = SocketListener.listen(readOptions(luaState, 1));
                synchronized (open) {
                    open.add(listener);
                }
                luaState.newTable(0, 1);
                luaState.pushJavaObjectRaw(listener);
                luaState.setField(-2, HANDLE_FIELD);
                pushMetatable(luaState);
                luaState.setMetatable(-2);
                return 1;
            }
        };
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

    private void pushMetatable(LuaState luaState) {
        luaState.getField(LuaState.REGISTRYINDEX, METATABLE_KEY);
        if (luaState.isTable(-1)) {
            return;
        }
        luaState.pop(1);
        luaState.newTable();
        luaState.newTable(methods.length, 0);
        for (LuaMisuse.Guarded method : methods) {
            LuaMisuse.push(luaState, method);
            luaState.setField(-2, method.getName());
        }
        luaState.setField(-2, "__index");
        luaState.pushValue(-1);
        luaState.setField(LuaState.REGISTRYINDEX, METATABLE_KEY);
    }

    /** The SocketListener behind argument 1 ("self") of the method {@code name}. */
    private static SocketListener self(LuaState luaState, String name) throws LuaMisuse.Failure {
        Object handle = null;
        if (luaState.type(1) == LuaType.TABLE) {
            luaState.getField(1, HANDLE_FIELD);
            handle = luaState.toJavaObjectRaw(-1);
            luaState.pop(1);
        }
        if (!(handle instanceof SocketListener)) {
            throw LuaMisuse.badSelf(luaState, name, "websockets_native listener");
        }
        return (SocketListener) handle;
    }

    /** step() -> "starting" | "listening" | "failed", category, message */
    private static final class Step extends LuaMisuse.Guarded {
        @Override
        public String getName() {
            return "step";
        }

        @Override
        int call(LuaState luaState) throws LuaMisuse.Failure {
            SocketListener listener = self(luaState, "step");
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
    }

    /** accept() -> stream, peer address, peer port | nil */
    private final class Accept extends LuaMisuse.Guarded {
        @Override
        public String getName() {
            return "accept";
        }

        @Override
        int call(LuaState luaState) throws LuaMisuse.Failure {
            SocketListener.Accepted accepted = self(luaState, "accept").accept();
            if (accepted == null) {
                luaState.pushNil();
                return 1;
            }
            streams.pushStream(luaState, accepted.stream);
            luaState.pushString(accepted.host);
            luaState.pushInteger(accepted.port);
            return 3;
        }
    }

    /** port() -> the bound port, 0 before listening */
    private static final class Port extends LuaMisuse.Guarded {
        @Override
        public String getName() {
            return "port";
        }

        @Override
        int call(LuaState luaState) throws LuaMisuse.Failure {
            luaState.pushInteger(self(luaState, "port").port());
            return 1;
        }
    }

    /** close(): idempotent */
    private final class Close extends LuaMisuse.Guarded {
        @Override
        public String getName() {
            return "close";
        }

        @Override
        int call(LuaState luaState) throws LuaMisuse.Failure {
            SocketListener listener = self(luaState, "close");
            listener.close();
            synchronized (open) {
                open.remove(listener);
            }
            return 0;
        }
    }
}
