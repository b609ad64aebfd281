package plugin.websockets_native;

import com.naef.jnlua.LuaRuntimeException;
import com.naef.jnlua.LuaState;
import com.naef.jnlua.LuaType;
import com.naef.jnlua.NamedJavaFunction;

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
 */
final class LuaListeners {
    static final String METATABLE_KEY = "plugin.websockets_native.Listener";
    static final String HANDLE_FIELD = "javaListener";
    /** Seconds an accepted client has for its TLS handshake; the plugin's own timeout is shorter. */
    static final double HANDSHAKE_LIMIT_SECONDS = 30;

    private final LuaStreams streams;
    private final Set<SocketListener> open = new LinkedHashSet<>();
    private final NamedJavaFunction[] methods = {
        new Step(), new Accept(), new Port(), new Close(),
    };

    LuaListeners(LuaStreams streams) {
        this.streams = streams;
    }

    /** The module's listen(options) -> listener. Raises only for a malformed options table. */
    NamedJavaFunction listenFunction() {
        return new NamedJavaFunction() {
            @Override
            public String getName() {
                return "listen";
            }

            @Override
            public int invoke(LuaState luaState) {
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
    static ListenOptions readOptions(LuaState luaState, int index) {
        luaState.checkType(index, LuaType.TABLE);
        luaState.getField(index, "host");
        String host = luaState.type(-1) == LuaType.STRING ? luaState.toString(-1) : "0.0.0.0";
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
            certificate = luaState.type(-1) == LuaType.STRING ? luaState.toString(-1) : "";
            luaState.getField(-2, "key");
            key = luaState.type(-1) == LuaType.STRING ? luaState.toString(-1) : "";
            luaState.pop(2);
        }
        luaState.pop(1);
        return new ListenOptions(host, port, backlog, certificate, key, HANDSHAKE_LIMIT_SECONDS);
    }

    private void pushMetatable(LuaState luaState) {
        luaState.getField(LuaState.REGISTRYINDEX, METATABLE_KEY);
        if (luaState.isTable(-1)) {
            return;
        }
        luaState.pop(1);
        luaState.newTable();
        luaState.newTable(methods.length, 0);
        for (NamedJavaFunction method : methods) {
            luaState.pushJavaFunction(method);
            luaState.setField(-2, method.getName());
        }
        luaState.setField(-2, "__index");
        luaState.pushValue(-1);
        luaState.setField(LuaState.REGISTRYINDEX, METATABLE_KEY);
    }

    private static SocketListener self(LuaState luaState) {
        luaState.checkType(1, LuaType.TABLE);
        luaState.getField(1, HANDLE_FIELD);
        Object handle = luaState.toJavaObjectRaw(-1);
        luaState.pop(1);
        if (!(handle instanceof SocketListener)) {
            throw new LuaRuntimeException("bad self argument (expected a websockets_native listener)");
        }
        return (SocketListener) handle;
    }

    /** step() -> "starting" | "listening" | "failed", category, message */
    private static final class Step implements NamedJavaFunction {
        @Override
        public String getName() {
            return "step";
        }

        @Override
        public int invoke(LuaState luaState) {
            SocketListener listener = self(luaState);
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
    private final class Accept implements NamedJavaFunction {
        @Override
        public String getName() {
            return "accept";
        }

        @Override
        public int invoke(LuaState luaState) {
            SocketListener.Accepted accepted = self(luaState).accept();
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
    private static final class Port implements NamedJavaFunction {
        @Override
        public String getName() {
            return "port";
        }

        @Override
        public int invoke(LuaState luaState) {
            luaState.pushInteger(self(luaState).port());
            return 1;
        }
    }

    /** close(): idempotent */
    private final class Close implements NamedJavaFunction {
        @Override
        public String getName() {
            return "close";
        }

        @Override
        public int invoke(LuaState luaState) {
            SocketListener listener = self(luaState);
            listener.close();
            synchronized (open) {
                open.remove(listener);
            }
            return 0;
        }
    }
}
