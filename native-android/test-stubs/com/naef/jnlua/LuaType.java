package com.naef.jnlua;

/** Stub of JNLua's LuaType: the constants only. */
public enum LuaType {
    NIL, BOOLEAN, LIGHTUSERDATA, NUMBER, STRING, TABLE, FUNCTION, USERDATA, THREAD
}
