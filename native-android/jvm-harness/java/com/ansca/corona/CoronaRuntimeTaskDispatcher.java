package com.ansca.corona;

import com.naef.jnlua.LuaState;

/** Sends tasks to the Corona thread of one runtime; a no-op once that runtime is disposed. */
public class CoronaRuntimeTaskDispatcher {
    private final CoronaRuntime runtime;

    public CoronaRuntimeTaskDispatcher(CoronaRuntime runtime) {
        this.runtime = runtime;
    }

    /** The runtime of that Lua state (the harness has one runtime at a time). */
    public CoronaRuntimeTaskDispatcher(LuaState luaState) {
        this(CoronaEnvironment.runtimeOf(luaState));
    }

    public void send(CoronaRuntimeTask task) {
        if (task == null) {
            throw new NullPointerException();
        }
        if (runtime != null) {
            runtime.enqueue(task);
        }
    }

    public boolean isRuntimeAvailable() {
        return runtime != null && !runtime.wasDisposed();
    }

    public boolean isRuntimeUnavailable() {
        return !isRuntimeAvailable();
    }
}
