package com.ansca.corona;

import com.naef.jnlua.LuaState;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * The harness's stand-in for Solar2D's CoronaRuntime: one Lua state, wrapped once by
 * {@code new LuaState(address)} as Solar2D's runtime does, and the queue of tasks that
 * {@link CoronaRuntimeTaskDispatcher#send} delivers on the runtime's thread before each frame.
 * The public methods below the line are the harness's, not Solar2D's API.
 */
public class CoronaRuntime {
    private final LuaState luaState;
    private final Queue<CoronaRuntimeTask> tasks = new ArrayDeque<>();
    private volatile boolean disposed;

    public CoronaRuntime(long luaStateAddress) {
        this.luaState = new LuaState(luaStateAddress);
    }

    public LuaState getLuaState() {
        return disposed ? null : luaState;
    }

    public boolean wasDisposed() {
        return disposed;
    }

    public CoronaRuntimeTaskDispatcher getTaskDispatcher() {
        return new CoronaRuntimeTaskDispatcher(this);
    }

    // ---- harness ----

    synchronized void enqueue(CoronaRuntimeTask task) {
        if (!disposed) {
            tasks.add(task);
        }
    }

    /** Runs the queued tasks in FIFO order, on the calling (runtime) thread. */
    public void runQueuedTasks() {
        for (;;) {
            CoronaRuntimeTask task;
            synchronized (this) {
                task = tasks.poll();
            }
            if (task == null) {
                return;
            }
            task.executeUsing(this);
        }
    }

    /** After onExiting: the runtime is gone; its Lua state is closed by the engine. */
    public synchronized void dispose() {
        disposed = true;
        tasks.clear();
        luaState.close();
    }
}
