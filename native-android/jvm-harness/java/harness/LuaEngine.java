package harness;

/**
 * The engine's side of a Lua state, as Solar2D's C++ runtime owns it: the harness creates the
 * lua_State natively (luaL_newstate + the standard libraries) and Java only ever wraps its address
 * with {@code new LuaState(address)}, exactly as the Android runtime hands it to plugins.
 * Implemented in native/jnlua_bridge.c, which LuaState's class initialiser loads.
 */
final class LuaEngine {
    static {
        try {
            Class.forName("com.naef.jnlua.LuaState");
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private LuaEngine() {
    }

    static native long newLuaState();

    static native void closeLuaState(long luaState);

    /** Java objects that Lua userdata still reference (each released by its __gc). */
    static native long liveJavaObjects();
}
