package plugin.websockets_native;

import com.naef.jnlua.LuaState;
import com.naef.jnlua.LuaType;

import plugin.websockets_native.transport.ByteStream;
import plugin.websockets_native.transport.StreamFailure;
import plugin.websockets_native.transport.StreamOptions;

/**
 * The Lua face of {@link ByteStream}: the `Stream` of ts/transport/contract.ts.
 *
 * A stream is a Lua table {@code { [HANDLE_FIELD] = <ByteStream as a JNLua Java object> }} whose
 * metatable's {@code __index} holds the five methods, so the plugin calls {@code stream:step()},
 * {@code stream:write(bytes)}, {@code stream:read()}, {@code stream:buffered()},
 * {@code stream:close()}. The metatable is built once per Lua state and kept in the registry.
 * (The Java object's own userdata keeps JNLua's metatable, which JNLua relies on to recognise it.)
 *
 * Results follow Lua's convention: a value, or nil + category + message. Payload bytes cross as
 * byte arrays, with {@code checkByteArray} and {@code pushString(byte[])} (lua_tolstring /
 * lua_pushlstring), never as Java Strings, whose JNI modified UTF-8 would mangle NUL bytes and
 * anything that is not UTF-8. Misuse (a wrong self or argument) raises a Lua error in Lua's own
 * words, never a Java exception: see {@link LuaMisuse}.
 */
final class LuaStreams {
    /** Registry key of the shared metatable. */
    static final String METATABLE_KEY = "plugin.websockets_native.Stream";
    /** The stream table's field holding the Java object. */
    static final String HANDLE_FIELD = "javaStream";

    private final OpenStreams openStreams;
    private final LuaMisuse.Guarded[] methods = {
        new Step(), new Write(), new Read(), new Buffered(), new Close(),
    };

    LuaStreams(OpenStreams openStreams) {
        this.openStreams = openStreams;
    }

    /** Starts a stream and pushes its Lua table. */
    void push(LuaState luaState, StreamOptions options) {
        pushStream(luaState, ByteStream.open(options));
    }

    /** Pushes the Lua table of a stream that exists already (one a listener accepted). */
    void pushStream(LuaState luaState, ByteStream stream) {
        openStreams.add(stream);
        luaState.newTable(0, 1);
        luaState.pushJavaObjectRaw(stream);
        luaState.setField(-2, HANDLE_FIELD);
        pushMetatable(luaState);
        luaState.setMetatable(-2);
    }

    private void pushMetatable(LuaState luaState) {
        luaState.getField(LuaState.REGISTRYINDEX, METATABLE_KEY);
        if (luaState.isTable(-1)) {
            return;
        }
        luaState.pop(1);
        luaState.newTable(); // the metatable
        luaState.newTable(methods.length, 0); // its __index: the methods
        for (LuaMisuse.Guarded method : methods) {
            LuaMisuse.push(luaState, method);
            luaState.setField(-2, method.getName());
        }
        luaState.setField(-2, "__index");
        luaState.pushValue(-1);
        luaState.setField(LuaState.REGISTRYINDEX, METATABLE_KEY);
    }

    /** The ByteStream behind argument 1 ("self") of the method {@code name}. */
    private static ByteStream self(LuaState luaState, String name) throws LuaMisuse.Failure {
        Object handle = null;
        if (luaState.type(1) == LuaType.TABLE) {
            luaState.getField(1, HANDLE_FIELD);
            handle = luaState.toJavaObjectRaw(-1);
            luaState.pop(1);
        }
        if (!(handle instanceof ByteStream)) {
            throw LuaMisuse.badSelf(luaState, name, "websockets_native stream");
        }
        return (ByteStream) handle;
    }

    /** Pushes nil, category, message: the contract's failure triple. */
    private static int pushFailure(LuaState luaState, StreamFailure failure) {
        luaState.pushNil();
        luaState.pushString(failure.category.luaName);
        luaState.pushString(failure.message);
        return 3;
    }

    /** step() -> "connecting" | "open" | "failed", category, message */
    private static final class Step extends LuaMisuse.Guarded {
        @Override
        public String getName() {
            return "step";
        }

        @Override
        int call(LuaState luaState) throws LuaMisuse.Failure {
            ByteStream stream = self(luaState, "step");
            switch (stream.state()) {
                case OPEN:
                    luaState.pushString("open");
                    return 1;
                case FAILED:
                    StreamFailure failure = stream.connectFailure();
                    luaState.pushString("failed");
                    luaState.pushString(failure.category.luaName);
                    luaState.pushString(failure.message);
                    return 3;
                default:
                    luaState.pushString("connecting");
                    return 1;
            }
        }
    }

    /** write(bytes) -> count accepted | nil, category, message */
    private static final class Write extends LuaMisuse.Guarded {
        @Override
        public String getName() {
            return "write";
        }

        @Override
        int call(LuaState luaState) throws LuaMisuse.Failure {
            ByteStream stream = self(luaState, "write");
            if (!luaState.isString(2)) {
                throw LuaMisuse.typeError(luaState, 1, "write", "string", 2);
            }
            byte[] data = luaState.toByteArray(2);
            int accepted = stream.write(data);
            if (accepted < 0) {
                return pushFailure(luaState, stream.writeFailure());
            }
            luaState.pushInteger(accepted);
            return 1;
        }
    }

    /** read() -> bytes received since the last call ("" if none) | nil, category, message */
    private static final class Read extends LuaMisuse.Guarded {
        @Override
        public String getName() {
            return "read";
        }

        @Override
        int call(LuaState luaState) throws LuaMisuse.Failure {
            ByteStream stream = self(luaState, "read");
            byte[] received = stream.read();
            if (received == null) {
                return pushFailure(luaState, stream.readFailure());
            }
            luaState.pushString(received);
            return 1;
        }
    }

    /** buffered() -> bytes accepted by write() and not yet handed to the operating system */
    private static final class Buffered extends LuaMisuse.Guarded {
        @Override
        public String getName() {
            return "buffered";
        }

        @Override
        int call(LuaState luaState) throws LuaMisuse.Failure {
            luaState.pushNumber(self(luaState, "buffered").buffered());
            return 1;
        }
    }

    /** close(): idempotent. */
    private final class Close extends LuaMisuse.Guarded {
        @Override
        public String getName() {
            return "close";
        }

        @Override
        int call(LuaState luaState) throws LuaMisuse.Failure {
            ByteStream stream = self(luaState, "close");
            stream.close();
            openStreams.remove(stream);
            return 0;
        }
    }
}
