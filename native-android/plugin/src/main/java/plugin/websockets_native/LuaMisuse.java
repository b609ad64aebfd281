package plugin.websockets_native;

import com.naef.jnlua.JavaFunction;
import com.naef.jnlua.LuaState;
import com.naef.jnlua.LuaType;
import com.naef.jnlua.NamedJavaFunction;

/**
 * How the module's functions report misuse (a wrong argument): as a Lua error raised by Lua code,
 * worded and placed like Lua's own ({@code file:line: bad argument #1 to 'write' (string expected,
 * got table)}), and never as a Java exception.
 *
 * A Java exception leaving a JavaFunction reaches the game through JNLua as the exception's class
 * name, message and Java stack trace. Worse, inside a coroutine JNLua makes a JNI call while the
 * exception is still pending, and Android's CheckJNI aborts the app on that. So each Java function
 * of the module is {@link Guarded}: on misuse it returns a private mark and the message, and a small
 * Lua closure around it turns that into {@code error(message, 2)}, which behaves the same on the
 * main thread and in coroutines. Anything unexpected (a RuntimeException from the shim or from
 * JNLua) takes the same way out, as an "internal error" naming the function.
 */
final class LuaMisuse {
    /** Registry key of the mark: a table no other code can produce. */
    private static final String MARK_KEY = "plugin.websockets_native.misuse";
    /**
     * Registry key of the Lua function that wraps a Java function. The wrapper gives back the Java
     * function's results (at most three) without trailing nils, so {@code math.max(n, s:buffered())}
     * sees one value. It cannot pass them on with {@code ...}: that needs a tail call, and on Lua 5.1
     * {@code error(message, 2)} from a tail-called function names no caller position.
     */
    private static final String WRAP_KEY = "plugin.websockets_native.wrap";
    private static final String WRAP_SOURCE = ""
            + "local mark = ...\n"
            + "local error = error\n"
            + "return function(javaFunction)\n"
            + "  return function(...)\n"
            + "    local first, second, third = javaFunction(...)\n"
            + "    if first == mark then error(second, 2) end\n"
            + "    if third ~= nil then return first, second, third end\n"
            + "    if second ~= nil then return first, second end\n"
            + "    return first\n"
            + "  end\n"
            + "end\n";

    private LuaMisuse() {
    }

    /** Misuse found by a {@link Guarded} function: becomes a Lua error with this message. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }

    /** The work of a {@link Guarded} function; throws {@link Failure} for a wrong argument. */
    interface Body {
        int call(LuaState luaState) throws Failure;
    }

    /** A module function whose misuse is reported by {@link LuaMisuse}. */
    static final class Guarded implements NamedJavaFunction {
        private final String name;
        private final Body body;

        Guarded(String name, Body body) {
            this.name = name;
            this.body = body;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public int invoke(LuaState luaState) {
            String message;
            try {
                return body.call(luaState);
            } catch (Failure misuse) {
                message = misuse.getMessage();
            } catch (RuntimeException bug) {
                message = "plugin.websockets_native: internal error in '" + name + "': " + bug;
            }
            luaState.getField(LuaState.REGISTRYINDEX, MARK_KEY);
            luaState.pushString(message);
            return 2;
        }
    }

    /** Pops the Java function on top of the stack and pushes the Lua function that wraps it. */
    static void wrapTop(LuaState luaState) {
        luaState.getField(LuaState.REGISTRYINDEX, WRAP_KEY);
        if (!luaState.isFunction(-1)) {
            luaState.pop(1);
            luaState.load(WRAP_SOURCE, LuaLoader.MODULE_NAME);
            luaState.newTable();
            luaState.pushValue(-1);
            luaState.setField(LuaState.REGISTRYINDEX, MARK_KEY);
            luaState.call(1, 1);
            luaState.pushValue(-1);
            luaState.setField(LuaState.REGISTRYINDEX, WRAP_KEY);
        }
        luaState.insert(-2);
        luaState.call(1, 1);
    }

    /** Pushes the wrapped function. */
    static void push(LuaState luaState, JavaFunction function) {
        luaState.pushJavaFunction(function);
        wrapTop(luaState);
    }

    /** Lua's luaL_typerror wording: "bad argument #n to 'f' (string expected, got nil)". */
    static Failure typeError(LuaState luaState, int argument, String function, String expected, int index) {
        return new Failure("bad argument #" + argument + " to '" + function + "' (" + expected
                + " expected, got " + typeName(luaState, index) + ")");
    }

    /** Lua's wording for a method called on something that is not its object. */
    static Failure badSelf(LuaState luaState, String function, String expected) {
        return new Failure("calling '" + function + "' on bad self (" + expected + " expected, got "
                + typeName(luaState, 1) + ")");
    }

    static Failure argumentError(int argument, String function, String detail) {
        return new Failure("bad argument #" + argument + " to '" + function + "' (" + detail + ")");
    }

    private static String typeName(LuaState luaState, int index) {
        LuaType type = luaState.type(index);
        return type == null ? "no value" : type.toString().toLowerCase();
    }
}
