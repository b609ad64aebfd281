package plugin.websockets_native;

import com.naef.jnlua.LuaRuntimeException;
import com.naef.jnlua.LuaState;
import com.naef.jnlua.LuaType;
import com.naef.jnlua.NamedJavaFunction;

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
 * Streams are tables holding the Java object, like {@link LuaStreams}; bytes cross as byte arrays.
 */
final class LuaCodec {
    static final String METATABLE_KEY = "plugin.websockets_native.CodecStream";
    static final String HANDLE_FIELD = "javaCodecStream";

    private final NamedJavaFunction[] methods = {
        new Method("push"), new Method("pull"), new Method("deflate"), new Method("reset"), new Method("close"),
    };

    /** Pushes the codec table. */
    void push(LuaState luaState) {
        luaState.newTable(0, 3);
        luaState.pushString("java.util.zip");
        luaState.setField(-2, "name");
        luaState.pushJavaFunction(new NewInflateStream());
        luaState.setField(-2, "newInflateStream");
        luaState.pushJavaFunction(new NewDeflateStream());
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
            for (NamedJavaFunction method : methods) {
                luaState.pushJavaFunction(method);
                luaState.setField(-2, method.getName());
            }
            luaState.setField(-2, "__index");
            luaState.pushValue(-1);
            luaState.setField(LuaState.REGISTRYINDEX, METATABLE_KEY);
        }
        luaState.setMetatable(-2);
    }

    private final class NewInflateStream implements NamedJavaFunction {
        @Override
        public String getName() {
            return "newInflateStream";
        }

        @Override
        public int invoke(LuaState luaState) {
            int windowBits = luaState.checkInteger(1);
            luaState.checkArg(1, windowBits >= 8 && windowBits <= 15, "window bits must be 8-15");
            pushStream(luaState, new ZipInflateStream());
            return 1;
        }
    }

    private final class NewDeflateStream implements NamedJavaFunction {
        @Override
        public String getName() {
            return "newDeflateStream";
        }

        @Override
        public int invoke(LuaState luaState) {
            int windowBits = luaState.checkInteger(1);
            int level = luaState.checkInteger(2);
            luaState.checkArg(1, windowBits >= 8 && windowBits <= 15, "window bits must be 8-15");
            luaState.checkArg(2, level >= 0 && level <= 9, "level must be 0-9");
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
    private static final class Method implements NamedJavaFunction {
        private final String name;

        Method(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public int invoke(LuaState luaState) {
            luaState.checkType(1, LuaType.TABLE);
            luaState.getField(1, HANDLE_FIELD);
            Object handle = luaState.toJavaObjectRaw(-1);
            luaState.pop(1);
            if (handle instanceof ZipInflateStream) {
                return inflate(luaState, (ZipInflateStream) handle);
            }
            if (handle instanceof ZipDeflateStream) {
                return deflate(luaState, (ZipDeflateStream) handle);
            }
            throw new LuaRuntimeException("bad self argument (expected a codec stream)");
        }

        private int inflate(LuaState luaState, ZipInflateStream stream) {
            switch (name) {
                case "push":
                    stream.push(luaState.checkByteArray(2));
                    return 0;
                case "pull":
                    try {
                        ZipInflateStream.Pulled pulled = stream.pull(luaState.checkInteger(2));
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
                    throw new LuaRuntimeException("an inflate stream has no method " + name);
            }
        }

        private int deflate(LuaState luaState, ZipDeflateStream stream) {
            switch (name) {
                case "deflate":
                    luaState.pushString(stream.deflate(luaState.checkByteArray(2), luaState.toBoolean(3)));
                    return 1;
                case "reset":
                    stream.reset();
                    return 0;
                case "close":
                    stream.close();
                    return 0;
                default:
                    throw new LuaRuntimeException("a deflate stream has no method " + name);
            }
        }
    }
}
