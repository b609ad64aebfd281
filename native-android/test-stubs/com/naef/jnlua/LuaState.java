package com.naef.jnlua;

/**
 * Stub of JNLua 0.9's LuaState: the signatures the shim calls, and nothing runs. The real class
 * is part of Solar2D's Android runtime.
 */
public class LuaState {
    public static final int REGISTRYINDEX = -10000;

    private static UnsupportedOperationException stub() {
        return new UnsupportedOperationException("JNLua stub: compile-time only");
    }

    public synchronized void register(String moduleName, NamedJavaFunction[] namedJavaFunctions) {
        throw stub();
    }

    public synchronized void load(String chunk, String chunkName) {
        throw stub();
    }

    public synchronized void call(int argCount, int returnCount) {
        throw stub();
    }

    public synchronized void insert(int index) {
        throw stub();
    }

    public synchronized boolean isNumber(int index) {
        throw stub();
    }

    public synchronized boolean isFunction(int index) {
        throw stub();
    }

    public synchronized int toInteger(int index) {
        throw stub();
    }

    public synchronized byte[] toByteArray(int index) {
        throw stub();
    }

    public synchronized void pushBoolean(boolean b) {
        throw stub();
    }

    public synchronized void pushInteger(int n) {
        throw stub();
    }

    public synchronized void pushNumber(double n) {
        throw stub();
    }

    public synchronized void pushNil() {
        throw stub();
    }

    public synchronized void pushString(String s) {
        throw stub();
    }

    public synchronized void pushString(byte[] b) {
        throw stub();
    }

    public synchronized void pushJavaFunction(JavaFunction javaFunction) {
        throw stub();
    }

    public synchronized void pushJavaObjectRaw(Object object) {
        throw stub();
    }

    public synchronized void pushValue(int index) {
        throw stub();
    }

    public synchronized boolean isString(int index) {
        throw stub();
    }

    public synchronized boolean isTable(int index) {
        throw stub();
    }

    public synchronized LuaType type(int index) {
        throw stub();
    }

    public synchronized String toString(int index) {
        throw stub();
    }

    public synchronized double toNumber(int index) {
        throw stub();
    }

    public synchronized boolean toBoolean(int index) {
        throw stub();
    }

    public synchronized Object toJavaObjectRaw(int index) {
        throw stub();
    }

    public synchronized byte[] checkByteArray(int index) {
        throw stub();
    }

    public synchronized int checkInteger(int index) {
        throw stub();
    }

    public synchronized void checkArg(int index, boolean condition, String msg) {
        throw stub();
    }

    public synchronized void checkType(int index, LuaType type) {
        throw stub();
    }

    public synchronized void newTable() {
        throw stub();
    }

    public synchronized void newTable(int arrayCount, int recordCount) {
        throw stub();
    }

    public synchronized void getField(int index, String key) {
        throw stub();
    }

    public synchronized void setField(int index, String key) {
        throw stub();
    }

    public synchronized boolean setMetatable(int index) {
        throw stub();
    }

    public synchronized void pop(int count) {
        throw stub();
    }
}
