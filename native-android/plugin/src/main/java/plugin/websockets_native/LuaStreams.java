package plugin.websockets_native;

import com.naef.jnlua.LuaState;

import plugin.websockets_native.transport.ByteStream;
import plugin.websockets_native.transport.StreamFailure;
import plugin.websockets_native.transport.StreamOptions;

/**
 * The Lua face of {@link ByteStream}: the `Stream` of ts/transport/contract.ts.
 *
 * A stream is a Lua table holding the ByteStream (see {@link LuaObjectType}) with five methods, so
 * the plugin calls {@code stream:step()}, {@code stream:write(bytes)}, {@code stream:read()},
 * {@code stream:buffered()}, {@code stream:close()}.
 *
 * Results follow Lua's convention: a value, or nil + category + message. Payload bytes cross as
 * byte arrays, with {@code checkByteArray} and {@code pushString(byte[])} (lua_tolstring /
 * lua_pushlstring), never as Java Strings, whose JNI modified UTF-8 would mangle NUL bytes and
 * anything that is not UTF-8. Misuse (a wrong self or argument) raises a Lua error in Lua's own
 * words, never a Java exception: see {@link LuaMisuse}.
 */
final class LuaStreams {
    private final OpenStreams openStreams;
    private final LuaObjectType<ByteStream> type =
            new LuaObjectType<>(ByteStream.class, "plugin.websockets_native.Stream", "javaStream", "websockets_native stream")
                    .method("step", LuaStreams::step)
                    .method("write", LuaStreams::write)
                    .method("read", LuaStreams::read)
                    .method("buffered", LuaStreams::buffered)
                    .method("close", this::close);

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
        type.push(luaState, stream);
    }

    /** Pushes nil, category, message: the contract's failure triple. */
    private static int pushFailure(LuaState luaState, StreamFailure failure) {
        luaState.pushNil();
        luaState.pushString(failure.category.luaName);
        luaState.pushString(failure.message);
        return 3;
    }

    /** step() -> "connecting" | "open" | "failed", category, message */
    private static int step(LuaState luaState, ByteStream stream) {
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

    /** write(bytes) -> count accepted | nil, category, message */
    private static int write(LuaState luaState, ByteStream stream) throws LuaMisuse.Failure {
        if (!luaState.isString(2)) {
            throw LuaMisuse.typeError(luaState, 1, "write", "string", 2);
        }
        int accepted = stream.write(luaState.toByteArray(2));
        if (accepted < 0) {
            return pushFailure(luaState, stream.writeFailure());
        }
        luaState.pushInteger(accepted);
        return 1;
    }

    /**
     * read([maxBytes]) -> bytes received since the last call, at most maxBytes of them when given
     * ("" if none) | nil, category, message. What is not taken stays in Java, where it keeps the
     * reader paused once the buffer is full (TCP backpressure).
     */
    private static int read(LuaState luaState, ByteStream stream) {
        long max = luaState.isNumber(2) ? (long) luaState.toNumber(2) : Long.MAX_VALUE;
        byte[] received = stream.read(max);
        if (received == null) {
            return pushFailure(luaState, stream.readFailure());
        }
        luaState.pushString(received);
        return 1;
    }

    /** buffered() -> bytes accepted by write() and not yet handed to the operating system */
    private static int buffered(LuaState luaState, ByteStream stream) {
        luaState.pushNumber(stream.buffered());
        return 1;
    }

    /** close(): idempotent. */
    private int close(LuaState luaState, ByteStream stream) {
        stream.close();
        openStreams.remove(stream);
        return 0;
    }
}
