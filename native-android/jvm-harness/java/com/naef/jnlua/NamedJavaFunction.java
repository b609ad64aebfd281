package com.naef.jnlua;

/** A Java function with the name it is registered under (JNLua 0.9). */
public interface NamedJavaFunction extends JavaFunction {
    String getName();
}
