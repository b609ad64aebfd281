package com.naef.jnlua;

/** A chunk that does not compile. */
public class LuaSyntaxException extends LuaException {
    private static final long serialVersionUID = 1L;

    public LuaSyntaxException(String message) {
        super(message);
    }
}
