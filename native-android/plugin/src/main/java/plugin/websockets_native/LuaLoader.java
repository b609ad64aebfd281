package plugin.websockets_native;

import com.ansca.corona.CoronaRuntime;
import com.ansca.corona.CoronaRuntimeListener;
import com.naef.jnlua.JavaFunction;
import com.naef.jnlua.LuaState;
import com.naef.jnlua.NamedJavaFunction;

import java.security.SecureRandom;

/**
 * `require("plugin.websockets_native")` on Android: the transport of ts/transport/contract.ts for
 * the plugin's Lua layer, which finds it with `pcall(require, "plugin.websockets_native")`.
 *
 * The module table:
 * <pre>
 *   name                      "android"
 *   open(options) -> stream   starts connecting; failures show in stream:step()
 *   listen(options) -> listener  starts listening; failures show in listener:step() ({@link LuaListeners})
 *   random(count) -> string   count bytes from SecureRandom (mask and handshake keys)
 *   now() -> seconds          a monotonic clock (System.nanoTime)
 *   codec                     java.util.zip for permessage-deflate (see {@link LuaCodec})
 * </pre>
 * and each stream has step, write, read, buffered and close (see {@link LuaStreams}). There is no
 * `wait`: Solar2D's enterFrame drives the polling.
 *
 * Threading. Solar2D calls {@link #invoke} and every function above on its Corona (render) thread.
 * The sockets run on threads of their own ({@code transport.ByteStream}), which never touch Lua:
 * they fill and drain synchronized buffers, and Lua collects the results when it polls. That is
 * why no CoronaRuntimeTaskDispatcher is needed for data: with a polled contract nothing is ever
 * pushed into Lua from another thread. The one event that must reach the shim from outside is the
 * end of the runtime, which {@link CoronaRuntimeListener#onExiting} delivers: the streams of that
 * runtime are closed then, since nothing will poll or close them any more.
 *
 * Solar2D instantiates this class once per process and registers it as a runtime listener because
 * it implements {@link CoronaRuntimeListener}; {@link #invoke} runs at every `require`.
 */
public class LuaLoader implements JavaFunction, CoronaRuntimeListener {

    /** The module name, used if `require` did not pass it as argument 1. */
    static final String MODULE_NAME = "plugin.websockets_native";

    private final OpenStreams openStreams = new OpenStreams();
    private final LuaStreams streams = new LuaStreams(openStreams);
    private final SecureRandom random = new SecureRandom();
    private final LuaListeners listeners = new LuaListeners(streams);
    private final LuaCodec codec = new LuaCodec();

    @Override
    public int invoke(LuaState luaState) {
        String moduleName = luaState.isString(1) ? luaState.toString(1) : MODULE_NAME;
        NamedJavaFunction[] functions = {
            new LuaMisuse.Guarded("open", this::open), listeners.listenFunction(),
            new LuaMisuse.Guarded("random", this::random), new LuaMisuse.Guarded("now", LuaLoader::now),
        };
        luaState.register(moduleName, functions);
        for (NamedJavaFunction function : functions) { // misuse raises in Lua's words: LuaMisuse
            luaState.getField(-1, function.getName());
            LuaMisuse.wrapTop(luaState);
            luaState.setField(-2, function.getName());
        }
        luaState.pushString("android");
        luaState.setField(-2, "name");
        codec.push(luaState);
        luaState.setField(-2, "codec");
        return 1; // the module table that register() left on the stack
    }

    /** open(options) -> stream. Raises only for a malformed options table, never for the network. */
    private int open(LuaState luaState) throws LuaMisuse.Failure {
        streams.push(luaState, LuaOpenOptions.read(luaState, 1));
        return 1;
    }

    /** random(count) -> string of count cryptographically strong bytes. */
    private int random(LuaState luaState) throws LuaMisuse.Failure {
        if (!luaState.isNumber(1)) { // a number, or a string convertible to one, as in Lua
            throw LuaMisuse.typeError(luaState, 1, "random", "number", 1);
        }
        int count = luaState.toInteger(1);
        if (count < 0) {
            throw LuaMisuse.argumentError(1, "random", "count must not be negative");
        }
        byte[] bytes = new byte[count];
        synchronized (random) {
            random.nextBytes(bytes);
        }
        luaState.pushString(bytes); // binary-safe: lua_pushlstring
        return 1;
    }

    /** now() -> seconds on a monotonic clock. */
    private static int now(LuaState luaState) {
        luaState.pushNumber(System.nanoTime() / 1e9);
        return 1;
    }

    // ---- CoronaRuntimeListener ----

    @Override
    public void onLoaded(CoronaRuntime runtime) {
    }

    @Override
    public void onStarted(CoronaRuntime runtime) {
    }

    @Override
    public void onSuspended(CoronaRuntime runtime) {
        // Streams stay open while suspended; the plugin's own timers decide what a long pause means.
    }

    @Override
    public void onResumed(CoronaRuntime runtime) {
    }

    @Override
    public void onExiting(CoronaRuntime runtime) {
        listeners.closeAll();
        openStreams.closeAll();
    }
}
