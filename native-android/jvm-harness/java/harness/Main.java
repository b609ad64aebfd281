package harness;

import com.ansca.corona.CoronaEnvironment;
import com.ansca.corona.CoronaRuntime;
import com.ansca.corona.CoronaRuntimeListener;
import com.naef.jnlua.LuaState;
import com.naef.jnlua.NamedJavaFunction;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;

/**
 * Runs the Lua scenario scripts, each in a Corona runtime of its own, the way Solar2D's Android
 * runtime runs a game:
 * <ol>
 * <li>the engine creates a lua_State and Java wraps it with {@code new LuaState(address)};</li>
 * <li>`require` of a Java plugin goes through {@link JavaPluginLoader};</li>
 * <li>Lua gets a minimal `Runtime` (enterFrame listeners) and `system.getTimer` (lua/runtime.lua);</li>
 * <li>a frame loop on this thread, one frame every {@link #FRAME_MILLIS} ms, runs the tasks sent
 * through CoronaRuntimeTaskDispatcher and then dispatches enterFrame;</li>
 * <li>when the scenario's cases are done, every runtime listener gets onExiting, and the runtime
 * and its Lua state are closed.</li>
 * </ol>
 * Arguments: the folder of lua/ helpers, the project root (for plugin/websockets.lua), then the
 * scenario files. The servers' addresses come in the system property {@code harness.config}
 * ("key=value;..."), and reach Lua as the table {@code harness.config}.
 */
public final class Main {
    /** 200 frames per second: Solar2D's 30/60 fps, only faster, so the run stays short. */
    static final long FRAME_MILLIS = 5;
    /** A scenario that has not finished by then fails. */
    static final long SCENARIO_LIMIT_MILLIS = 30_000;

    private static int passed;
    private static int failed;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String helpers = args[0];
        String projectRoot = args[1];
        long started = System.nanoTime();
        for (String scenario : Arrays.copyOfRange(args, 2, args.length)) {
            runScenario(helpers, projectRoot, new File(scenario));
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("jvm e2e: %d passed, %d failed (%.1f s)%n", passed, failed, millis / 1000.0);
        System.exit(failed == 0 && passed > 0 ? 0 : 1);
    }

    private static void runScenario(String helpers, String projectRoot, File scenario) throws Exception {
        String name = scenario.getName().replaceFirst("\\.lua$", "");
        System.out.println("# " + name);
        long address = LuaEngine.newLuaState();
        CoronaRuntime runtime = new CoronaRuntime(address);
        CoronaEnvironment.setCurrentRuntime(runtime);
        LuaState lua = runtime.getLuaState();
        try {
            prepare(lua, runtime, helpers, projectRoot);
            for (CoronaRuntimeListener listener : CoronaEnvironment.runtimeListeners()) {
                listener.onStarted(runtime);
            }
            lua.load(new String(Files.readAllBytes(scenario.toPath()), StandardCharsets.UTF_8), name);
            lua.call(0, 0);
            runFrames(lua, runtime, name);
        } catch (RuntimeException e) {
            report(false, name + " ran to its end", e.toString());
        }
        for (CoronaRuntimeListener listener : CoronaEnvironment.runtimeListeners()) {
            listener.onExiting(runtime);
        }
        runtime.dispose();
        CoronaEnvironment.setCurrentRuntime(null);
        LuaEngine.closeLuaState(address);
    }

    /** package.path, the Java plugin searcher, the harness module and lua/runtime.lua. */
    private static void prepare(LuaState lua, CoronaRuntime runtime, String helpers, String projectRoot)
            throws Exception {
        lua.getGlobal("package");
        lua.pushString(projectRoot + "/?.lua;" + helpers + "/?.lua");
        lua.setField(-2, "path");
        lua.pushString(""); // no C modules: on a device, native code arrives only as Java plugins
        lua.setField(-2, "cpath");
        lua.getField(-1, "loaders");
        lua.pushJavaFunction(new JavaPluginLoader(runtime));
        lua.rawSet(-2, lua.length(-1) + 1);
        lua.pop(2);

        lua.register("harness", HarnessFunctions.all());
        lua.newTable();
        for (String entry : System.getProperty("harness.config", "").split(";")) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                // As UTF-8 bytes, the way a game's own strings are (pushString(String) would
                // write modified UTF-8).
                lua.pushString(entry.substring(equals + 1).getBytes(StandardCharsets.UTF_8));
                lua.setField(-2, entry.substring(0, equals));
            }
        }
        lua.setField(-2, "config");
        lua.pop(1);

        lua.getGlobal("require");
        lua.pushString("runtime");
        lua.call(1, 0);
    }

    /** Frames until the scenario says it is done (harness_frame returns true). */
    private static void runFrames(LuaState lua, CoronaRuntime runtime, String name) throws InterruptedException {
        long start = System.nanoTime();
        for (;;) {
            runtime.runQueuedTasks();
            lua.getGlobal("harness_frame");
            lua.pushNumber((System.nanoTime() - start) / 1e6);
            lua.call(1, 1);
            boolean done = lua.toBoolean(-1);
            lua.pop(1);
            if (done) {
                return;
            }
            if ((System.nanoTime() - start) / 1_000_000 > SCENARIO_LIMIT_MILLIS) {
                report(false, name + " finished within " + SCENARIO_LIMIT_MILLIS / 1000 + " s", "it did not");
                return;
            }
            Thread.sleep(FRAME_MILLIS);
        }
    }

    static synchronized void report(boolean ok, String check, String detail) {
        if (ok) {
            passed++;
            System.out.println("ok - " + check);
        } else {
            failed++;
            System.out.println("not ok - " + check + (detail != null ? ": " + detail : ""));
        }
    }

    /** The `harness` module of the scenarios. */
    static final class HarnessFunctions {
        private HarnessFunctions() {
        }

        static NamedJavaFunction[] all() {
            return new NamedJavaFunction[] {
                function("report", l -> {
                    report(l.toBoolean(1), l.toString(2), l.isNoneOrNil(3) ? null : l.toString(3));
                    return 0;
                }),
                function("liveJavaObjects", l -> {
                    l.pushNumber(LuaEngine.liveJavaObjects());
                    return 1;
                }),
                function("suspendAndResume", l -> {
                    // What Solar2D does when the app goes to the background and comes back.
                    CoronaRuntime runtime = CoronaEnvironment.currentRuntime();
                    for (CoronaRuntimeListener listener : CoronaEnvironment.runtimeListeners()) {
                        listener.onSuspended(runtime);
                    }
                    for (CoronaRuntimeListener listener : CoronaEnvironment.runtimeListeners()) {
                        listener.onResumed(runtime);
                    }
                    return 0;
                }),
                function("loaderInstantiations", l -> {
                    l.pushInteger(JavaPluginLoader.instantiations);
                    return 1;
                }),
                // The bridge's own behaviour (scenario 00-bridge).
                function("bytesThrough", l -> {
                    l.pushString(l.checkByteArray(1));
                    return 1;
                }),
                function("firstBytesThrough", l -> {
                    l.pushString(l.checkByteArray(1), l.checkInteger(2));
                    return 1;
                }),
                function("stringThrough", l -> {
                    l.pushString(l.checkString(1));
                    return 1;
                }),
                function("javaStringLength", l -> {
                    String s = l.toString(1);
                    l.pushInteger(s == null ? -1 : s.length());
                    return 1;
                }),
                function("pushJavaString", l -> {
                    String which = l.toString(1);
                    l.pushString("nul".equals(which) ? "a\u0000b" : "\uD83D\uDD12"); // U+1F512
                    return 1;
                }),
                function("throwJava", l -> {
                    throw new IllegalStateException("thrown by a Java function");
                }),
                function("stackReport", l -> {
                    // Works on the calling thread's stack: its arguments, summed, and their count.
                    double sum = 0;
                    for (int i = 1; i <= l.getTop(); i++) {
                        sum += l.toNumber(i);
                    }
                    int count = l.getTop();
                    l.pushNumber(sum);
                    l.pushInteger(count);
                    return 2;
                }),
                function("checkBytesArgument", l -> {
                    l.checkByteArray(1);
                    return 0;
                }),
            };
        }

        interface Body {
            int invoke(LuaState luaState);
        }

        private static NamedJavaFunction function(String name, Body body) {
            return new NamedJavaFunction() {
                @Override
                public String getName() {
                    return name;
                }

                @Override
                public int invoke(LuaState luaState) {
                    return body.invoke(luaState);
                }
            };
        }
    }
}
