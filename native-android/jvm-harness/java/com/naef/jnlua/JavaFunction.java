package com.naef.jnlua;

/** A Java function callable from Lua (JNLua 0.9): returns how many results it pushed. */
public interface JavaFunction {
    int invoke(LuaState luaState);
}
