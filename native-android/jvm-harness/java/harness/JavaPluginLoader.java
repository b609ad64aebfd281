package harness;

import com.ansca.corona.CoronaEnvironment;
import com.ansca.corona.CoronaRuntime;
import com.ansca.corona.CoronaRuntimeListener;
import com.naef.jnlua.JavaFunction;
import com.naef.jnlua.LuaState;

import java.util.HashMap;
import java.util.Map;

/**
 * The searcher Solar2D's Android runtime adds to `package.loaders` for Java plugins: for
 * `require("plugin.x")` it loads the class {@code plugin.x.LuaLoader} by name, instantiates it once
 * per process (a CoronaRuntimeListener is then registered and told onLoaded), and returns it as the
 * loader function, which `require` calls with the module name. A missing class yields the message
 * `require` lists among the places it looked.
 */
final class JavaPluginLoader implements JavaFunction {
    /** One instance per class and process, as Solar2D caches them. */
    private static final Map<String, JavaFunction> instances = new HashMap<>();
    static int instantiations;

    private final CoronaRuntime runtime;

    JavaPluginLoader(CoronaRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public int invoke(LuaState luaState) {
        String className = luaState.toString(1) + ".LuaLoader";
        JavaFunction loader;
        try {
            loader = instance(Class.forName(className));
        } catch (ReflectiveOperationException | ClassCastException e) {
            luaState.pushString("\n\tno Java class '" + className + "'");
            return 1;
        }
        luaState.pushJavaFunction(loader);
        return 1;
    }

    private JavaFunction instance(Class<?> type) throws ReflectiveOperationException {
        synchronized (instances) {
            JavaFunction cached = instances.get(type.getName());
            if (cached != null) {
                return cached;
            }
            Object created = type.getDeclaredConstructor().newInstance();
            instantiations++;
            if (created instanceof CoronaRuntimeListener) {
                CoronaRuntimeListener listener = (CoronaRuntimeListener) created;
                CoronaEnvironment.addRuntimeListener(listener);
                listener.onLoaded(runtime);
            }
            JavaFunction function = (JavaFunction) created;
            instances.put(type.getName(), function);
            return function;
        }
    }
}
