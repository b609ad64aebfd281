package plugin.websockets_native;

import com.naef.jnlua.LuaState;
import com.naef.jnlua.LuaType;

import java.util.zip.DataFormatException;

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
 * Streams are tables holding the Java object, like {@link LuaStreams}; bytes cross as byte arrays
 * (toByteArray / pushString(byte[])). Every function is {@link LuaMisuse.Guarded}: misuse raises a
 * Lua error in Lua's words and invalid compressed data is returned as nil + message, never a Java
 * exception (which inside a coroutine would meet a JNI call with the exception pending).
 */
final class LuaCodec {
    static final String METATABLE_KEY = "plugin.websockets_native.CodecStream";
    static final String HANDLE_FIELD = "javaCodecStream";

    private final LuaMisuse.Guarded[] methods = {
        new Method("push"), new Method("pull"), new Method("deflate"), new Method("reset"), new Method("close"),
    };

    /** Pushes the codec table. */
    void push(LuaState luaState) {
        luaState.newTable(0, 3);
        luaState.pushString("java.util.zip");
        luaState.setField(-2, "name");
        LuaMisuse.push(luaState, new NewInflateStream());
        luaState.setField(-2, "newInflateStream");
        LuaMisuse.push(luaState, new NewDeflateStream());
        luaState.setField(-2, "newDeflateStream");
    }

    private void pushStream(LuaState luaState, Object stream) {
        luaState.newTable(0, 1);
        luaState.pushJavaObjectRaw(stream);
        luaState.setField(-2, HANDLE_FIELD);
        luaState.getField(LuaState.REGISTRYINDEX, METATABLE_KEY);
        if (!luaState.isTable(-1)) {
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
        luaState.setMetatable(-2);
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

    private final class NewInflateStream extends LuaMisuse.Guarded {
        @Override
        public String getName() {
            return "newInflateStream";
        }

        @Override
        int call(LuaState luaState) throws LuaMisuse.Failure {
            windowBits(luaState, getName());
            pushStream(luaState, new ZipInflateStream());
            return 1;
        }
    }

    private final class NewDeflateStream extends LuaMisuse.Guarded {
        @Override
        public String getName() {
            return "newDeflateStream";
        }

        @Override
        int call(LuaState luaState) throws LuaMisuse.Failure {
            int windowBits = windowBits(luaState, getName());
            int level = integer(luaState, 2, 2, getName());
            if (level < 0 || level > 9) {
                throw LuaMisuse.argumentError(2, getName(), "level must be 0-9");
            }
            ZipDeflateStream stream = ZipDeflateStream.open(windowBits, level);
            if (stream == null) {
                luaState.pushNil();
            } else {
                pushStream(luaState, stream);
            }
            return 1;
        }
    }

    /** One method of a stream, by name, on whichever kind of stream argument 1 is. */
    private static final class Method extends LuaMisuse.Guarded {
        private final String name;

        Method(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        int call(LuaState luaState) throws LuaMisuse.Failure {
            Object handle = null;
            if (luaState.type(1) == LuaType.TABLE) {
                luaState.getField(1, HANDLE_FIELD);
                handle = luaState.toJavaObjectRaw(-1);
                luaState.pop(1);
            }
            if (handle instanceof ZipInflateStream) {
                return inflate(luaState, (ZipInflateStream) handle);
            }
            if (handle instanceof ZipDeflateStream) {
                return deflate(luaState, (ZipDeflateStream) handle);
            }
            throw LuaMisuse.badSelf(luaState, name, "websockets_native codec stream");
        }

        private int inflate(LuaState luaState, ZipInflateStream stream) throws LuaMisuse.Failure {
            switch (name) {
                case "push":
                    stream.push(bytes(luaState, 2, 1, name));
                    return 0;
                case "pull":
                    int max = integer(luaState, 2, 1, name);
                    if (max < 0) {
                        throw LuaMisuse.argumentError(1, name, "max must not be negative");
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
                case "reset":
                    stream.reset();
                    return 0;
                case "close":
                    stream.close();
                    return 0;
                default:
                    throw new LuaMisuse.Failure("an inflate stream has no method '" + name + "'");
            }
        }

        private int deflate(LuaState luaState, ZipDeflateStream stream) throws LuaMisuse.Failure {
            switch (name) {
                case "deflate":
                    luaState.pushString(stream.deflate(bytes(luaState, 2, 1, name), luaState.toBoolean(3)));
                    return 1;
                case "reset":
                    stream.reset();
                    return 0;
                case "close":
                    stream.close();
                    return 0;
                default:
                    throw new LuaMisuse.Failure("a deflate stream has no method '" + name + "'");
            }
        }
    }
}
