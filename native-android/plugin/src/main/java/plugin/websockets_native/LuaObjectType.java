package plugin.websockets_native;

import com.naef.jnlua.LuaState;
import com.naef.jnlua.LuaType;

import java.util.ArrayList;
import java.util.List;

/**
 * One kind of Java object as Lua sees it: a table {@code { [handleField] = <the object> }} whose
 * metatable's {@code __index} holds the kind's methods, built once per Lua state and kept in the
 * registry. The Java object sits in the table, not behind a metatable of its own, because its
 * userdata keeps JNLua's metatable, which JNLua relies on to recognise it.
 *
 * Every method is {@link LuaMisuse.Guarded}, and first finds its object in argument 1 ("self"):
 * anything else there raises Lua's own "calling 'read' on bad self (... expected, got string)".
 */
final class LuaObjectType<T> {
    /** A method's work, given its object. */
    interface Method<T> {
        int call(LuaState luaState, T self) throws LuaMisuse.Failure;
    }

    private final Class<T> javaClass;
    private final String metatableKey;
    private final String handleField;
    /** How a bad self is named in the error: "websockets_native stream". */
    private final String description;
    private final List<LuaMisuse.Guarded> methods = new ArrayList<>();

    LuaObjectType(Class<T> javaClass, String metatableKey, String handleField, String description) {
        this.javaClass = javaClass;
        this.metatableKey = metatableKey;
        this.handleField = handleField;
        this.description = description;
    }

    /** Adds a method; returns this, so a kind is declared in one expression. */
    LuaObjectType<T> method(final String name, final Method<T> body) {
        methods.add(new LuaMisuse.Guarded(name, luaState -> body.call(luaState, self(luaState, name))));
        return this;
    }

    /** Pushes the Lua table of {@code object}. */
    void push(LuaState luaState, T object) {
        luaState.newTable(0, 1);
        luaState.pushJavaObjectRaw(object);
        luaState.setField(-2, handleField);
        pushMetatable(luaState);
        luaState.setMetatable(-2);
    }

    private void pushMetatable(LuaState luaState) {
        luaState.getField(LuaState.REGISTRYINDEX, metatableKey);
        if (luaState.isTable(-1)) {
            return;
        }
        luaState.pop(1);
        luaState.newTable(); // the metatable
        luaState.newTable(methods.size(), 0); // its __index: the methods
        for (LuaMisuse.Guarded method : methods) {
            LuaMisuse.push(luaState, method);
            luaState.setField(-2, method.getName());
        }
        luaState.setField(-2, "__index");
        luaState.pushValue(-1);
        luaState.setField(LuaState.REGISTRYINDEX, metatableKey);
    }

    /** The object behind argument 1 of the method {@code name}. */
    private T self(LuaState luaState, String name) throws LuaMisuse.Failure {
        Object handle = null;
        if (luaState.type(1) == LuaType.TABLE) {
            luaState.getField(1, handleField);
            handle = luaState.toJavaObjectRaw(-1);
            luaState.pop(1);
        }
        if (!javaClass.isInstance(handle)) {
            throw LuaMisuse.badSelf(luaState, name, description);
        }
        return javaClass.cast(handle);
    }
}
