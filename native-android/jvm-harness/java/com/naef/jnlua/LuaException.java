package com.naef.jnlua;

/** The root of JNLua's exceptions: unchecked. */
public abstract class LuaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LuaException(String message) {
        super(message);
    }
}
