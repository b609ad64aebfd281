package com.naef.jnlua;

import java.nio.charset.StandardCharsets;

/**
 * The harness's LuaState: the part of JNLua 0.9's API (as Solar2D's fork has it) that the Android
 * transport and the harness use, over a real Lua 5.1 state through native/jnlua_bridge.c.
 *
 * What matters to the transport behaves as the fork's does:
 * <ul>
 * <li>{@link #pushString(byte[])}, {@link #pushString(byte[], int)}, {@link #toByteArray} and
 * {@link #checkByteArray} carry bytes unchanged (lua_pushlstring / lua_tolstring);</li>
 * <li>{@link #pushString(String)}, {@link #toString(int)}, {@link #checkString} and every key or
 * name go through JNI's modified UTF-8, so NUL and characters outside the BMP do not survive;</li>
 * <li>the check methods throw {@link LuaRuntimeException} with JNLua's wording:
 * {@code bad argument #1 to 'write' (expected string, got nil)}; for an argument that is absent,
 * JNLua's type check fails on a null type and throws a NullPointerException instead, and so does
 * this one;</li>
 * <li>{@link #LuaState(long)} wraps an existing lua_State, and becomes the Java state that Java
 * functions of that lua_State receive;</li>
 * <li>every method is synchronized.</li>
 * </ul>
 * The native library is named by the system property {@code jnlua.library}.
 */
public class LuaState {
    public static final int REGISTRYINDEX = -10000;
    public static final int ENVIRONINDEX = -10001;
    public static final int GLOBALSINDEX = -10002;
    public static final int MULTRET = -1;

    /** Lua's LUA_TNONE: the type of an index past the top. */
    private static final int TYPE_NONE = -1;

    static {
        System.load(System.getProperty("jnlua.library"));
    }

    /** lua_gc actions, in Lua 5.1's order. */
    public enum GcAction {
        STOP, RESTART, COLLECT, COUNT, COUNTB, STEP, SETPAUSE, SETSTEPMUL
    }

    private final boolean ownState;
    /** The lua_State, written only by the native side; 0 once closed. */
    private long luaState;
    /** The lua_State of the running coroutine, written only by the native side. */
    private long luaThread;

    /** A new Lua state of its own (no libraries opened; see {@link #openLibs}). */
    public LuaState() {
        this(0L);
    }

    /** Wraps the lua_State at that address, or creates one for 0. */
    public LuaState(long luaState) {
        ownState = luaState == 0L;
        nativeNewState(luaState);
    }

    public synchronized boolean isOpen() {
        return luaState != 0L;
    }

    /** Closes an owned state; detaches from a wrapped one. */
    public synchronized void close() {
        if (isOpen()) {
            nativeClose(ownState);
        }
    }

    public synchronized void openLibs() {
        check();
        nativeOpenLibs();
    }

    public synchronized int gc(GcAction what, int data) {
        check();
        return nativeGc(what.ordinal(), data);
    }

    // ---- registration, load, call ----

    /** luaL_register's behaviour: finds or makes package.loaded[moduleName] (and the global of that
     *  name), fills it with the functions and leaves it on the stack. */
    public synchronized void register(String moduleName, NamedJavaFunction[] namedJavaFunctions) {
        check();
        getField(REGISTRYINDEX, "_LOADED");
        if (!isTable(-1)) {
            pop(1);
            newTable();
            pushValue(-1);
            setField(REGISTRYINDEX, "_LOADED");
        }
        getField(-1, moduleName);
        if (!isTable(-1)) {
            pop(1);
            newTable(0, namedJavaFunctions.length);
            pushValue(-1);
            setField(-3, moduleName);
            setDottedGlobal(moduleName);
        }
        remove(-2);
        for (NamedJavaFunction function : namedJavaFunctions) {
            String name = function.getName();
            if (name == null) {
                throw new IllegalArgumentException("anonymous function");
            }
            pushJavaFunction(function);
            setField(-2, name);
        }
    }

    /** Sets the table on top (kept there) as the global named by a dotted path, making the
     *  intermediate tables, as luaL_findtable does. */
    private void setDottedGlobal(String dottedName) {
        String[] parts = dottedName.split("\\.");
        pushValue(GLOBALSINDEX);
        for (int i = 0; i < parts.length - 1; i++) {
            getField(-1, parts[i]);
            if (!isTable(-1)) {
                pop(1);
                newTable();
                pushValue(-1);
                setField(-3, parts[i]);
            }
            remove(-2);
        }
        pushValue(-2);
        setField(-2, parts[parts.length - 1]);
        pop(1);
    }

    /** Compiles a source chunk and pushes it as a function. */
    public synchronized void load(String chunk, String chunkName) {
        check();
        nativeLoad(chunk.getBytes(StandardCharsets.UTF_8), "=" + chunkName);
    }

    /** lua_pcall; a Lua error becomes a {@link LuaRuntimeException} with a Lua traceback. */
    public synchronized void call(int argCount, int returnCount) {
        check();
        nativeCall(argCount, returnCount);
    }

    public synchronized void getGlobal(String name) {
        check();
        nativeGetGlobal(name);
    }

    public synchronized void setGlobal(String name) {
        check();
        nativeSetGlobal(name);
    }

    // ---- push ----

    public synchronized void pushBoolean(boolean b) {
        check();
        nativePushBoolean(b);
    }

    public synchronized void pushInteger(int n) {
        check();
        nativePushInteger(n);
    }

    public synchronized void pushNumber(double n) {
        check();
        nativePushNumber(n);
    }

    public synchronized void pushNil() {
        check();
        nativePushNil();
    }

    /** Through modified UTF-8 (GetStringUTFChars): "\0" arrives as C0 80, a character outside the
     *  BMP as two 3-byte surrogates. */
    public synchronized void pushString(String s) {
        check();
        nativePushString(s);
    }

    /** The bytes as they are. */
    public synchronized void pushString(byte[] b) {
        check();
        nativePushByteArray(b, b.length);
    }

    /** The first {@code count} bytes (cut to the array's length). */
    public synchronized void pushString(byte[] b, int count) {
        check();
        nativePushByteArray(b, count);
    }

    public synchronized void pushJavaFunction(JavaFunction javaFunction) {
        check();
        nativePushJavaFunction(javaFunction);
    }

    public synchronized void pushJavaObjectRaw(Object object) {
        check();
        nativePushJavaObject(object);
    }

    public synchronized void pushValue(int index) {
        check();
        nativePushValue(index);
    }

    // ---- type tests ----

    public synchronized LuaType type(int index) {
        check();
        int type = nativeType(index);
        return type == TYPE_NONE ? null : LuaType.values()[type];
    }

    public synchronized boolean isNil(int index) {
        return type(index) == LuaType.NIL;
    }

    public synchronized boolean isNone(int index) {
        return type(index) == null;
    }

    public synchronized boolean isNoneOrNil(int index) {
        LuaType type = type(index);
        return type == null || type == LuaType.NIL;
    }

    public synchronized boolean isBoolean(int index) {
        return type(index) == LuaType.BOOLEAN;
    }

    public synchronized boolean isTable(int index) {
        return type(index) == LuaType.TABLE;
    }

    public synchronized boolean isFunction(int index) {
        return type(index) == LuaType.FUNCTION;
    }

    /** A string or a number (lua_isstring). */
    public synchronized boolean isString(int index) {
        check();
        return nativeIsString(index);
    }

    /** A number or a string convertible to one (lua_isnumber). */
    public synchronized boolean isNumber(int index) {
        check();
        return nativeIsNumber(index);
    }

    // ---- read ----

    public synchronized boolean toBoolean(int index) {
        check();
        return nativeToBoolean(index);
    }

    public synchronized int toInteger(int index) {
        check();
        return nativeToInteger(index);
    }

    public synchronized double toNumber(int index) {
        check();
        return nativeToNumber(index);
    }

    /** Through NewStringUTF: cut at the first NUL, and not valid for 4-byte UTF-8 sequences. */
    public synchronized String toString(int index) {
        check();
        return nativeToString(index);
    }

    /** The bytes of a string (or number), unchanged; null for other values. */
    public synchronized byte[] toByteArray(int index) {
        check();
        return nativeToByteArray(index);
    }

    public synchronized boolean isJavaObjectRaw(int index) {
        return type(index) == LuaType.USERDATA && toJavaObjectRaw(index) != null;
    }

    public synchronized Object toJavaObjectRaw(int index) {
        check();
        return nativeToJavaObject(index);
    }

    public synchronized int length(int index) {
        check();
        return nativeLength(index);
    }

    // ---- stack ----

    public synchronized int getTop() {
        check();
        return nativeGetTop();
    }

    public synchronized void setTop(int index) {
        check();
        nativeSetTop(index);
    }

    public synchronized void pop(int count) {
        check();
        nativePop(count);
    }

    public synchronized void insert(int index) {
        check();
        nativeInsert(index);
    }

    public synchronized void remove(int index) {
        check();
        nativeRemove(index);
    }

    // ---- tables ----

    public synchronized void newTable() {
        newTable(0, 0);
    }

    public synchronized void newTable(int arrayCount, int recordCount) {
        check();
        nativeNewTable(arrayCount, recordCount);
    }

    public synchronized void getField(int index, String key) {
        check();
        nativeGetField(index, key);
    }

    public synchronized void setField(int index, String key) {
        check();
        nativeSetField(index, key);
    }

    public synchronized void rawGet(int index, int key) {
        check();
        nativeRawGetI(index, key);
    }

    public synchronized void rawSet(int index, int key) {
        check();
        nativeRawSetI(index, key);
    }

    public synchronized boolean getMetatable(int index) {
        check();
        return nativeGetMetatable(index) != 0;
    }

    public synchronized boolean setMetatable(int index) {
        check();
        return nativeSetMetatable(index) != 0;
    }

    public synchronized int ref(int index) {
        check();
        return nativeRef(index);
    }

    public synchronized void unref(int index, int reference) {
        check();
        nativeUnref(index, reference);
    }

    // ---- argument checks, with JNLua's messages ----

    public synchronized void checkArg(int index, boolean condition, String msg) {
        check();
        if (!condition) {
            throw argumentException(index, msg);
        }
    }

    public synchronized void checkType(int index, LuaType type) {
        check();
        if (type(index) != type) {
            throw argumentTypeException(index, type);
        }
    }

    public synchronized boolean checkBoolean(int index) {
        check();
        if (!isBoolean(index)) {
            throw argumentTypeException(index, LuaType.BOOLEAN);
        }
        return toBoolean(index);
    }

    public synchronized boolean checkBoolean(int index, boolean d) {
        return isNoneOrNil(index) ? d : checkBoolean(index);
    }

    public synchronized byte[] checkByteArray(int index) {
        check();
        if (!isString(index)) {
            throw argumentTypeException(index, LuaType.STRING);
        }
        return toByteArray(index);
    }

    public synchronized byte[] checkByteArray(int index, byte[] d) {
        return isNoneOrNil(index) ? d : checkByteArray(index);
    }

    public synchronized String checkString(int index) {
        check();
        if (!isString(index)) {
            throw argumentTypeException(index, LuaType.STRING);
        }
        return toString(index);
    }

    public synchronized String checkString(int index, String d) {
        return isNoneOrNil(index) ? d : checkString(index);
    }

    public synchronized int checkInteger(int index) {
        check();
        if (!isNumber(index)) {
            throw argumentTypeException(index, LuaType.NUMBER);
        }
        return toInteger(index);
    }

    public synchronized int checkInteger(int index, int d) {
        return isNoneOrNil(index) ? d : checkInteger(index);
    }

    public synchronized double checkNumber(int index) {
        check();
        if (!isNumber(index)) {
            throw argumentTypeException(index, LuaType.NUMBER);
        }
        return toNumber(index);
    }

    public synchronized double checkNumber(int index, double d) {
        return isNoneOrNil(index) ? d : checkNumber(index);
    }

    private LuaRuntimeException argumentTypeException(int index, LuaType expected) {
        // type(index) is null for an absent argument: the NullPointerException JNLua throws too.
        return argumentException(index, String.format("expected %s, got %s",
                expected.toString().toLowerCase(), type(index).toString().toLowerCase()));
    }

    private LuaRuntimeException argumentException(int index, String detail) {
        String function = nativeFunctionName();
        int number = nativeArgumentNumber(index);
        String argument = number > 0 ? String.format("argument #%d", number) : "self argument";
        return new LuaRuntimeException(function != null
                ? String.format("bad %s to '%s' (%s)", argument, function, detail)
                : String.format("bad %s (%s)", argument, detail));
    }

    private void check() {
        if (luaState == 0L) {
            throw new IllegalStateException("Lua state is closed");
        }
    }

    // ---- native/jnlua_bridge.c ----

    private native void nativeNewState(long existing);

    private native void nativeClose(boolean own);

    private native void nativeOpenLibs();

    private native int nativeGc(int what, int data);

    private native void nativeLoad(byte[] chunk, String chunkName);

    private native void nativeCall(int nargs, int nresults);

    private native void nativeGetGlobal(String name);

    private native void nativeSetGlobal(String name);

    private native void nativePushBoolean(boolean b);

    private native void nativePushInteger(int n);

    private native void nativePushNumber(double n);

    private native void nativePushNil();

    private native void nativePushString(String s);

    private native void nativePushByteArray(byte[] b, int count);

    private native void nativePushJavaFunction(JavaFunction f);

    private native void nativePushJavaObject(Object object);

    private native void nativePushValue(int index);

    private native int nativeType(int index);

    private native boolean nativeIsString(int index);

    private native boolean nativeIsNumber(int index);

    private native boolean nativeToBoolean(int index);

    private native int nativeToInteger(int index);

    private native double nativeToNumber(int index);

    private native String nativeToString(int index);

    private native byte[] nativeToByteArray(int index);

    private native Object nativeToJavaObject(int index);

    private native int nativeLength(int index);

    private native int nativeGetTop();

    private native void nativeSetTop(int index);

    private native void nativePop(int count);

    private native void nativeInsert(int index);

    private native void nativeRemove(int index);

    private native void nativeNewTable(int narr, int nrec);

    private native void nativeGetField(int index, String key);

    private native void nativeSetField(int index, String key);

    private native void nativeRawGetI(int index, int n);

    private native void nativeRawSetI(int index, int n);

    private native int nativeGetMetatable(int index);

    private native int nativeSetMetatable(int index);

    private native int nativeRef(int index);

    private native void nativeUnref(int index, int reference);

    private native String nativeFunctionName();

    private native int nativeArgumentNumber(int index);
}
