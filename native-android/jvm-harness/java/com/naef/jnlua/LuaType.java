package com.naef.jnlua;

/** The Lua types, in the order of Lua 5.1's LUA_T* constants (JNLua 0.9). */
public enum LuaType {
    NIL, BOOLEAN, LIGHTUSERDATA, NUMBER, STRING, TABLE, FUNCTION, USERDATA, THREAD;

    /** The type name in lower case, as Lua's type() writes it. */
    public String displayText() {
        return toString().toLowerCase();
    }
}
