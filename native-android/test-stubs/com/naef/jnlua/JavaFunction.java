package com.naef.jnlua;

/** Stub of JNLua's JavaFunction: signature only. */
public interface JavaFunction {
    int invoke(LuaState luaState);
}
