package plugin.websockets_native;

import com.naef.jnlua.LuaState;

import java.util.zip.DataFormatException;

import plugin.websockets_native.codec.CodecStream;
import plugin.websockets_native.codec.ZipDeflateStream;
import plugin.websockets_native.codec.ZipInflateStream;

/**
 * The module's {@code codec} field: java.util.zip as the NativeCodec of ts/codec/native.ts, which
 * the plugin's selectCodec picks up for permessage-deflate.
 * <pre>
 *   codec.name                                  "java.util.zip"
 *   codec.newInflateStream(windowBits) -> s     s:push(bytes), s:pull(max) -> bytes, state | nil, message
 *   codec.newDeflateStream(windowBits, level)   -> s (or nil below 15 bits: see ZipDeflateStream)
 *                                               s:deflate(bytes, flush) -> bytes
 *   s:reset(), s:close()
 * </pre>
 * Streams are tables holding the Java object ({@link LuaObjectType}), one kind for each direction;
 * bytes cross as byte arrays (toByteArray / pushString(byte[])). Every function is {@link LuaMisuse.Guarded}: misuse raises a
 * Lua error in Lua's words and invalid compressed data is returned as nil + message, never a Java
 * exception (which inside a coroutine would meet a JNI call with the exception pending).
 */
final class LuaCodec {
    private static final String DESCRIPTION = "websockets_native codec stream";

    private final LuaObjectType<ZipInflateStream> inflateType =
            new LuaObjectType<>(ZipInflateStream.class, "plugin.websockets_native.InflateStream", "javaCodecStream", DESCRIPTION)
                    .method("push", LuaCodec::push)
                    .method("pull", LuaCodec::pull)
                    .method("reset", LuaCodec::reset)
                    .method("close", LuaCodec::close);
    private final LuaObjectType<ZipDeflateStream> deflateType =
            new LuaObjectType<>(ZipDeflateStream.class, "plugin.websockets_native.DeflateStream", "javaCodecStream", DESCRIPTION)
                    .method("deflate", (luaState, stream) -> {
                        luaState.pushString(stream.deflate(bytes(luaState, 2, 1, "deflate"), luaState.toBoolean(3)));
                        return 1;
                    })
                    .method("reset", LuaCodec::reset)
                    .method("close", LuaCodec::close);

    /** Pushes the codec table. */
    void push(LuaState luaState) {
        luaState.newTable(0, 3);
        luaState.pushString("java.util.zip");
        luaState.setField(-2, "name");
        LuaMisuse.push(luaState, new LuaMisuse.Guarded("newInflateStream", this::newInflateStream));
        luaState.setField(-2, "newInflateStream");
        LuaMisuse.push(luaState, new LuaMisuse.Guarded("newDeflateStream", this::newDeflateStream));
        luaState.setField(-2, "newDeflateStream");
    }

    /** The integer argument at index (argument number {@code argument} of {@code function}). */
    private static int integer(LuaState luaState, int index, int argument, String function) throws LuaMisuse.Failure {
        if (!luaState.isNumber(index)) {
            throw LuaMisuse.typeError(luaState, argument, function, "number", index);
        }
        return luaState.toInteger(index);
    }

    /** The string argument at index, as its bytes. */
    private static byte[] bytes(LuaState luaState, int index, int argument, String function) throws LuaMisuse.Failure {
        if (!luaState.isString(index)) {
            throw LuaMisuse.typeError(luaState, argument, function, "string", index);
        }
        return luaState.toByteArray(index);
    }

    private static int windowBits(LuaState luaState, String function) throws LuaMisuse.Failure {
        int windowBits = integer(luaState, 1, 1, function);
        if (windowBits < 8 || windowBits > 15) {
            throw LuaMisuse.argumentError(1, function, "window bits must be 8-15");
        }
        return windowBits;
    }

    /** newInflateStream(windowBits) -> stream */
    private int newInflateStream(LuaState luaState) throws LuaMisuse.Failure {
        windowBits(luaState, "newInflateStream");
        inflateType.push(luaState, new ZipInflateStream());
        return 1;
    }

    /** newDeflateStream(windowBits, level) -> stream, or nil where the platform cannot (see ZipDeflateStream) */
    private int newDeflateStream(LuaState luaState) throws LuaMisuse.Failure {
        int windowBits = windowBits(luaState, "newDeflateStream");
        int level = integer(luaState, 2, 2, "newDeflateStream");
        if (level < 0 || level > 9) {
            throw LuaMisuse.argumentError(2, "newDeflateStream", "level must be 0-9");
        }
        ZipDeflateStream stream = ZipDeflateStream.open(windowBits, level);
        if (stream == null) {
            luaState.pushNil();
        } else {
            deflateType.push(luaState, stream);
        }
        return 1;
    }

    /** s:reset(): a new compression context (no context takeover) */
    private static int reset(LuaState luaState, CodecStream stream) {
        stream.reset();
        return 0;
    }

    /** s:close(): idempotent */
    private static int close(LuaState luaState, CodecStream stream) {
        stream.close();
        return 0;
    }

    /** s:push(bytes): compressed bytes in */
    private static int push(LuaState luaState, ZipInflateStream stream) throws LuaMisuse.Failure {
        stream.push(bytes(luaState, 2, 1, "push"));
        return 0;
    }

    /** s:pull(max) -> bytes, "full" | "drained" | "ended" | nil, message for invalid data */
    private static int pull(LuaState luaState, ZipInflateStream stream) throws LuaMisuse.Failure {
        int max = integer(luaState, 2, 1, "pull");
        if (max < 0) {
            throw LuaMisuse.argumentError(1, "pull", "max must not be negative");
        }
        try {
            ZipInflateStream.Pulled pulled = stream.pull(max);
            luaState.pushString(pulled.data);
            luaState.pushString(pulled.state == ZipInflateStream.State.FULL ? "full"
                    : pulled.state == ZipInflateStream.State.ENDED ? "ended" : "drained");
            return 2;
        } catch (DataFormatException e) {
            luaState.pushNil();
            luaState.pushString(String.valueOf(e.getMessage()));
            return 2;
        }
    }
}
