package com.naef.jnlua;

/** Stub of JNLua's NamedJavaFunction: signature only. */
public interface NamedJavaFunction extends JavaFunction {
    String getName();
}
