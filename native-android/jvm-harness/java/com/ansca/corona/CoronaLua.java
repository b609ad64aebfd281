package com.ansca.corona;

import com.naef.jnlua.LuaState;

/** Solar2D's Lua helpers for plugins: registry references and event dispatch. */
public final class CoronaLua {
    public static final int REFNIL = -1;
    public static final int NOREF = -2;

    private CoronaLua() {
    }

    public static int newRef(LuaState luaState, int index) {
        luaState.pushValue(index);
        return luaState.ref(LuaState.REGISTRYINDEX);
    }

    public static void deleteRef(LuaState luaState, int ref) {
        luaState.unref(LuaState.REGISTRYINDEX, ref);
    }

    /** Pushes {@code { name = name }}. */
    public static void newEvent(LuaState luaState, String name) {
        luaState.newTable();
        luaState.pushString(name);
        luaState.setField(-2, "name");
    }

    /** Calls the listener behind {@code ref} (a function, or a table with a method named after the
     *  event) with the event on top of the stack, which it pops. */
    public static void dispatchEvent(LuaState luaState, int ref, int nresults) throws Exception {
        int event = luaState.getTop();
        luaState.rawGet(LuaState.REGISTRYINDEX, ref);
        if (luaState.isTable(-1)) {
            luaState.getField(event, "name");
            String name = luaState.toString(-1);
            luaState.pop(1);
            luaState.getField(-1, name);
            luaState.insert(-2); // method, self
            luaState.pushValue(event);
            luaState.remove(event);
            luaState.call(2, nresults);
        } else {
            luaState.insert(event); // listener below the event
            luaState.call(1, nresults);
        }
    }

    public static boolean isListener(LuaState luaState, int index, String eventName) {
        if (luaState.isFunction(index)) {
            return true;
        }
        if (!luaState.isTable(index)) {
            return false;
        }
        luaState.getField(index, eventName);
        boolean found = luaState.isFunction(-1);
        luaState.pop(1);
        return found;
    }
}
