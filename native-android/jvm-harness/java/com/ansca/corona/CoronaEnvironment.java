package com.ansca.corona;

import com.naef.jnlua.LuaState;

import java.util.ArrayList;
import java.util.List;

/**
 * The process-wide part of Solar2D's Android runtime that plugins see: the runtime listeners.
 * Listeners are kept for the process, as Solar2D does, and told about every runtime.
 */
public final class CoronaEnvironment {
    private static final List<CoronaRuntimeListener> listeners = new ArrayList<>();
    private static CoronaRuntime current;

    private CoronaEnvironment() {
    }

    public static synchronized void addRuntimeListener(CoronaRuntimeListener listener) {
        if (!listeners.contains(listener)) {
            listeners.add(listener);
        }
    }

    public static synchronized void removeRuntimeListener(CoronaRuntimeListener listener) {
        listeners.remove(listener);
    }

    // ---- harness ----

    public static synchronized List<CoronaRuntimeListener> runtimeListeners() {
        return new ArrayList<>(listeners);
    }

    public static synchronized void setCurrentRuntime(CoronaRuntime runtime) {
        current = runtime;
    }

    public static synchronized CoronaRuntime currentRuntime() {
        return current;
    }

    static synchronized CoronaRuntime runtimeOf(LuaState luaState) {
        return current;
    }
}
