package com.naef.jnlua;

/** A Lua runtime error seen from Java, or an argument error raised by a check method. */
public class LuaRuntimeException extends LuaException {
    private static final long serialVersionUID = 1L;

    public LuaRuntimeException(String message) {
        super(message);
    }
}
