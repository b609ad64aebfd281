package com.naef.jnlua;

/** Stub of JNLua's LuaRuntimeException (really a subclass of LuaException): becomes a Lua error. */
public class LuaRuntimeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LuaRuntimeException(String message) {
        super(message);
    }
}
