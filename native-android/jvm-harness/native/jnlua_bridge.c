/*
 * The native half of the harness's com.naef.jnlua classes: a JNI bridge over a real Lua 5.1 state
 * (Debian's liblua5.1), written for the JVM end-to-end tests of the Android transport.
 *
 * It reproduces what the transport depends on in Solar2D's fork of JNLua 0.9, nothing more:
 *   - byte arrays cross intact (lua_tolstring / lua_pushlstring), NUL and bytes >= 0x80 included;
 *   - Java Strings cross through JNI's modified UTF-8 (NewStringUTF / GetStringUTFChars), so a NUL
 *     or a character outside the BMP does not survive, exactly as on a device;
 *   - a Java exception thrown by a JavaFunction becomes a Lua error whose message is the position
 *     of the Lua caller followed by LuaError.toString() of the exception (class name, message,
 *     Java stack trace);
 *   - a Java function called from a coroutine runs on that coroutine's lua_State: the Java state's
 *     `luaThread` is switched to it for the call and switched back afterwards. As in the fork, the
 *     switch back happens before the exception check, so an exception thrown inside a coroutine
 *     reaches a JNI call with the exception pending, which -Xcheck:jni reports (and Android's
 *     CheckJNI aborts on);
 *   - `new LuaState(address)` wraps a lua_State that the engine created.
 *
 * Lua errors raised by the operations themselves (a metamethod, memory) become Java exceptions:
 * every operation that can raise runs under lua_pcall, so no longjmp ever crosses a JNI frame.
 */
#include <jni.h>
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define JAVA_STATE_KEY "jnlua.JavaState"
#define JAVA_OBJECT_METATABLE "jnlua.Object"
#define JNI_VERSION JNI_VERSION_1_6

static JavaVM *java_vm;
static jfieldID lua_state_field;
static jfieldID lua_thread_field;
static jclass java_function_interface;
static jmethodID invoke_method;
static jclass lua_error_class;
static jmethodID lua_error_constructor;
static jmethodID to_string_method;
static jclass lua_runtime_exception_class;
static jclass lua_syntax_exception_class;
static jclass illegal_argument_class;
static jclass illegal_state_class;
static jclass null_pointer_class;

/* Java objects referenced from Lua userdata and not yet collected: the harness's GC checks. */
static long live_java_objects;

static JNIEnv *current_env(void) {
  JNIEnv *env = NULL;
  (*java_vm)->GetEnv(java_vm, (void **)&env, JNI_VERSION);
  return env;
}

static jclass global_class(JNIEnv *env, const char *name) {
  jclass local = (*env)->FindClass(env, name);
  jclass global = local ? (*env)->NewGlobalRef(env, local) : NULL;
  if (local) (*env)->DeleteLocalRef(env, local);
  return global;
}

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved) {
  (void)reserved;
  java_vm = vm;
  JNIEnv *env = current_env();
  jclass lua_state_class = (*env)->FindClass(env, "com/naef/jnlua/LuaState");
  if (!lua_state_class) return JNI_ERR;
  lua_state_field = (*env)->GetFieldID(env, lua_state_class, "luaState", "J");
  lua_thread_field = (*env)->GetFieldID(env, lua_state_class, "luaThread", "J");
  (*env)->DeleteLocalRef(env, lua_state_class);
  java_function_interface = global_class(env, "com/naef/jnlua/JavaFunction");
  invoke_method = (*env)->GetMethodID(env, java_function_interface, "invoke",
                                      "(Lcom/naef/jnlua/LuaState;)I");
  lua_error_class = global_class(env, "com/naef/jnlua/LuaError");
  lua_error_constructor = (*env)->GetMethodID(env, lua_error_class, "<init>",
                                              "(Ljava/lang/String;Ljava/lang/Throwable;)V");
  to_string_method = (*env)->GetMethodID(env, lua_error_class, "toString", "()Ljava/lang/String;");
  lua_runtime_exception_class = global_class(env, "com/naef/jnlua/LuaRuntimeException");
  lua_syntax_exception_class = global_class(env, "com/naef/jnlua/LuaSyntaxException");
  illegal_argument_class = global_class(env, "java/lang/IllegalArgumentException");
  illegal_state_class = global_class(env, "java/lang/IllegalStateException");
  null_pointer_class = global_class(env, "java/lang/NullPointerException");
  if (!lua_state_field || !lua_thread_field || !invoke_method || !lua_error_constructor ||
      !to_string_method || !lua_runtime_exception_class || !lua_syntax_exception_class ||
      !illegal_argument_class || !illegal_state_class || !null_pointer_class) {
    return JNI_ERR;
  }
  return JNI_VERSION;
}

/* ---- the Java state <-> lua_State link ---- */

static lua_State *thread_of(JNIEnv *env, jobject java_state) {
  return (lua_State *)(intptr_t)(*env)->GetLongField(env, java_state, lua_thread_field);
}

static void set_thread(JNIEnv *env, jobject java_state, lua_State *L) {
  (*env)->SetLongField(env, java_state, lua_thread_field, (jlong)(intptr_t)L);
}

/* ---- argument checks: a Java exception and a false result ---- */

static int fail(JNIEnv *env, jclass type, const char *message) {
  (*env)->ThrowNew(env, type, message);
  return 0;
}

static int valid_index(lua_State *L, int index) {
  int top = lua_gettop(L);
  if (index == LUA_REGISTRYINDEX || index == LUA_GLOBALSINDEX || index == LUA_ENVIRONINDEX) return 1;
  if (index < 0 && index > LUA_REGISTRYINDEX) index = top + index + 1;
  return index >= 1 && index <= top;
}

static int absolute(lua_State *L, int index) {
  return (index > 0 || index <= LUA_REGISTRYINDEX) ? index : lua_gettop(L) + index + 1;
}

static int check_index(JNIEnv *env, lua_State *L, int index) {
  return valid_index(L, index) || fail(env, illegal_argument_class, "illegal index");
}

static int check_type(JNIEnv *env, lua_State *L, int index, int type) {
  return check_index(env, L, index) &&
         (lua_type(L, index) == type || fail(env, illegal_argument_class, "illegal type"));
}

static int check_stack(JNIEnv *env, lua_State *L, int space) {
  return lua_checkstack(L, space) || fail(env, illegal_state_class, "stack overflow");
}

static int check_elements(JNIEnv *env, lua_State *L, int count) {
  return lua_gettop(L) >= count || fail(env, illegal_state_class, "stack underflow");
}

/* ---- Lua errors -> Java exceptions ---- */

/* Pops the error value left by a failed lua_pcall/luaL_loadbuffer and throws it as an exception. */
static void throw_lua_error(JNIEnv *env, lua_State *L, int status) {
  const char *message = lua_tostring(L, -1);
  jclass type = status == LUA_ERRSYNTAX ? lua_syntax_exception_class : lua_runtime_exception_class;
  (*env)->ThrowNew(env, type, message ? message : "(error object is not a string)");
  lua_pop(L, 1);
}

/* Runs `body` with `nargs` arguments from the stack under lua_pcall; a Lua error becomes a Java
 * exception. The body sits below its arguments. */
static void protected_call(JNIEnv *env, lua_State *L, lua_CFunction body, int nargs, int nresults) {
  lua_pushcfunction(L, body);
  lua_insert(L, -nargs - 1);
  int status = lua_pcall(L, nargs, nresults, 0);
  if (status != 0) throw_lua_error(env, L, status);
}

static int get_field_body(lua_State *L) {
  lua_getfield(L, 1, lua_tostring(L, 2));
  return 1;
}

static int set_field_body(lua_State *L) {
  lua_setfield(L, 1, lua_tostring(L, 2));
  return 0;
}

/* key: modified UTF-8 from GetStringUTFChars, as JNLua does for every Java String it reads. */
static void push_java_string(JNIEnv *env, lua_State *L, jstring s) {
  const char *chars = (*env)->GetStringUTFChars(env, s, NULL);
  lua_pushlstring(L, chars, (size_t)(*env)->GetStringUTFLength(env, s));
  (*env)->ReleaseStringUTFChars(env, s, chars);
}

/* ---- Java objects in Lua ---- */

static int collect_java_object(lua_State *L) {
  jobject *slot = (jobject *)lua_touserdata(L, 1);
  JNIEnv *env = current_env();
  if (env && *slot) {
    (*env)->DeleteGlobalRef(env, *slot);
    *slot = NULL;
    live_java_objects--;
  }
  return 0;
}

static void push_java_object(JNIEnv *env, lua_State *L, jobject object) {
  jobject *slot = (jobject *)lua_newuserdata(L, sizeof(jobject));
  *slot = (*env)->NewGlobalRef(env, object);
  live_java_objects++;
  luaL_getmetatable(L, JAVA_OBJECT_METATABLE);
  lua_setmetatable(L, -2);
}

/* The Java object of a userdata pushed by push_java_object, or NULL for any other value. */
static jobject java_object_at(lua_State *L, int index) {
  if (!lua_isuserdata(L, index) || !lua_getmetatable(L, index)) return NULL;
  luaL_getmetatable(L, JAVA_OBJECT_METATABLE);
  int ours = lua_rawequal(L, -1, -2);
  lua_pop(L, 2);
  return ours ? *(jobject *)lua_touserdata(L, index) : NULL;
}

/* A pending Java exception becomes a Lua error: "<where>" .. LuaError(nil, exception):toString(),
 * the message JNLua's fork builds. Returns only when no exception is pending. */
static void raise_pending_exception(JNIEnv *env, lua_State *L) {
  if (!(*env)->ExceptionCheck(env)) return;
  jthrowable exception = (*env)->ExceptionOccurred(env);
  (*env)->ExceptionClear(env);
  luaL_where(L, 1);
  jobject error = (*env)->NewObject(env, lua_error_class, lua_error_constructor, NULL, exception);
  jstring text = error ? (jstring)(*env)->CallObjectMethod(env, error, to_string_method) : NULL;
  if (text && !(*env)->ExceptionCheck(env)) {
    push_java_string(env, L, text);
  } else {
    (*env)->ExceptionClear(env);
    lua_pushliteral(L, "Java exception occurred.");
  }
  if (text) (*env)->DeleteLocalRef(env, text);
  if (error) (*env)->DeleteLocalRef(env, error);
  (*env)->DeleteLocalRef(env, exception);
  lua_concat(L, 2);
  lua_error(L);
}

/* The C function behind every Java function: calls JavaFunction.invoke on the calling lua_State. */
static int call_java_function(lua_State *L) {
  JNIEnv *env = current_env();
  lua_getfield(L, LUA_REGISTRYINDEX, JAVA_STATE_KEY);
  jobject java_state = java_object_at(L, -1);
  lua_pop(L, 1);
  if (!java_state) return luaL_error(L, "no Java state");
  jobject function = java_object_at(L, lua_upvalueindex(1));
  if (!function) return luaL_error(L, "no Java function");

  lua_State *previous = thread_of(env, java_state);
  int nresults;
  if (previous == L) {
    nresults = (*env)->CallIntMethod(env, function, invoke_method, java_state);
  } else {
    /* A coroutine: the Java side works on this thread's stack for the duration of the call. As in
     * JNLua, the old thread is restored with SetLongField before the exception is handled, so an
     * exception thrown here meets a JNI call while pending: Android's CheckJNI aborts the app then,
     * and -Xcheck:jni reports it. (The fork does not even ask before restoring, which HotSpot also
     * reports for calls that threw nothing; Android does not mind that, so this bridge asks first
     * and keeps only the warning that means a crash on a device.) */
    set_thread(env, java_state, L);
    nresults = (*env)->CallIntMethod(env, function, invoke_method, java_state);
    (void)(*env)->ExceptionCheck(env);
    set_thread(env, java_state, previous);
  }
  raise_pending_exception(env, L);
  return nresults;
}

/* ---- life cycle ---- */

JNIEXPORT void JNICALL Java_com_naef_jnlua_LuaState_nativeNewState(JNIEnv *env, jobject self,
                                                                     jlong existing) {
  lua_State *L = existing ? (lua_State *)(intptr_t)existing : luaL_newstate();
  if (!L) {
    fail(env, illegal_state_class, "luaL_newstate failed");
    return;
  }
  if (luaL_newmetatable(L, JAVA_OBJECT_METATABLE)) {
    lua_pushcfunction(L, collect_java_object);
    lua_setfield(L, -2, "__gc");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
  }
  lua_pop(L, 1);
  /* The registry's Java state is the latest LuaState wrapping this lua_State, as in JNLua. */
  push_java_object(env, L, self);
  lua_setfield(L, LUA_REGISTRYINDEX, JAVA_STATE_KEY);
  (*env)->SetLongField(env, self, lua_state_field, (jlong)(intptr_t)L);
  set_thread(env, self, L);
}

JNIEXPORT void JNICALL Java_com_naef_jnlua_LuaState_nativeClose(JNIEnv *env, jobject self,
                                                                  jboolean own) {
  lua_State *L = (lua_State *)(intptr_t)(*env)->GetLongField(env, self, lua_state_field);
  if (own) {
    lua_close(L);
  } else {
    lua_pushnil(L);
    lua_setfield(L, LUA_REGISTRYINDEX, JAVA_STATE_KEY);
  }
  (*env)->SetLongField(env, self, lua_state_field, 0);
  set_thread(env, self, NULL);
}

JNIEXPORT void JNICALL Java_com_naef_jnlua_LuaState_nativeOpenLibs(JNIEnv *env, jobject self) {
  luaL_openlibs(thread_of(env, self));
}

static int gc_body(lua_State *L) {
  lua_pushinteger(L, lua_gc(L, (int)lua_tointeger(L, 1), (int)lua_tointeger(L, 2)));
  return 1;
}

JNIEXPORT jint JNICALL Java_com_naef_jnlua_LuaState_nativeGc(JNIEnv *env, jobject self, jint what,
                                                               jint data) {
  lua_State *L = thread_of(env, self);
  if (!check_stack(env, L, 3)) return 0;
  lua_pushinteger(L, what);
  lua_pushinteger(L, data);
  protected_call(env, L, gc_body, 2, 1);
  if ((*env)->ExceptionCheck(env)) return 0;
  jint result = (jint)lua_tointeger(L, -1);
  lua_pop(L, 1);
  return result;
}

/* ---- load and call ---- */

JNIEXPORT void JNICALL Java_com_naef_jnlua_LuaState_nativeLoad(JNIEnv *env, jobject self,
                                                                 jbyteArray chunk, jstring name) {
  lua_State *L = thread_of(env, self);
  if (!check_stack(env, L, 2)) return;
  jsize length = (*env)->GetArrayLength(env, chunk);
  jbyte *bytes = (*env)->GetByteArrayElements(env, chunk, NULL);
  const char *chunk_name = (*env)->GetStringUTFChars(env, name, NULL);
  int status = luaL_loadbuffer(L, (const char *)bytes, (size_t)length, chunk_name);
  (*env)->ReleaseStringUTFChars(env, name, chunk_name);
  (*env)->ReleaseByteArrayElements(env, chunk, bytes, JNI_ABORT);
  if (status != 0) throw_lua_error(env, L, status);
}

/* Adds a Lua traceback to error messages, so a failing scenario says where. */
static int traceback_handler(lua_State *L) {
  lua_getfield(L, LUA_GLOBALSINDEX, "debug");
  if (!lua_istable(L, -1)) {
    lua_pop(L, 1);
    return 1;
  }
  lua_getfield(L, -1, "traceback");
  lua_pushvalue(L, 1);
  lua_pushinteger(L, 2);
  lua_call(L, 2, 1);
  return 1;
}

JNIEXPORT void JNICALL Java_com_naef_jnlua_LuaState_nativeCall(JNIEnv *env, jobject self,
                                                                 jint nargs, jint nresults) {
  lua_State *L = thread_of(env, self);
  if (nargs < 0) {
    fail(env, illegal_argument_class, "illegal argument count");
    return;
  }
  if (!check_elements(env, L, nargs + 1) || !check_stack(env, L, 2 + (nresults > 0 ? nresults : 0))) {
    return;
  }
  int base = lua_gettop(L) - nargs;
  lua_pushcfunction(L, traceback_handler);
  lua_insert(L, base);
  int status = lua_pcall(L, nargs, nresults, base);
  lua_remove(L, base);
  if (status != 0) throw_lua_error(env, L, status);
}

/* ---- globals and fields ---- */

static void get_field(JNIEnv *env, lua_State *L, int index, jstring key) {
  if (!key) {
    fail(env, null_pointer_class, "null");
    return;
  }
  if (!check_stack(env, L, 4)) return;
  lua_pushvalue(L, index);
  push_java_string(env, L, key);
  protected_call(env, L, get_field_body, 2, 1);
}

static void set_field(JNIEnv *env, lua_State *L, int index, jstring key) {
  if (!key) {
    fail(env, null_pointer_class, "null");
    return;
  }
  if (!check_elements(env, L, 1) || !check_stack(env, L, 5)) return;
  index = absolute(L, index);
  lua_pushvalue(L, index);
  push_java_string(env, L, key);
  lua_pushvalue(L, -3); /* the value */
  protected_call(env, L, set_field_body, 3, 0);
  if (!(*env)->ExceptionCheck(env)) lua_pop(L, 1);
}

JNIEXPORT void JNICALL Java_com_naef_jnlua_LuaState_nativeGetGlobal(JNIEnv *env, jobject self,
                                                                      jstring name) {
  get_field(env, thread_of(env, self), LUA_GLOBALSINDEX, name);
}

JNIEXPORT void JNICALL Java_com_naef_jnlua_LuaState_nativeSetGlobal(JNIEnv *env, jobject self,
                                                                      jstring name) {
  set_field(env, thread_of(env, self), LUA_GLOBALSINDEX, name);
}

JNIEXPORT void JNICALL Java_com_naef_jnlua_LuaState_nativeGetField(JNIEnv *env, jobject self,
                                                                     jint index, jstring key) {
  lua_State *L = thread_of(env, self);
  if (check_type(env, L, index, LUA_TTABLE)) get_field(env, L, absolute(L, index), key);
}

JNIEXPORT void JNICALL Java_com_naef_jnlua_LuaState_nativeSetField(JNIEnv *env, jobject self,
                                                                     jint index, jstring key) {
  lua_State *L = thread_of(env, self);
  if (check_type(env, L, index, LUA_TTABLE)) set_field(env, L, index, key);
}

JNIEXPORT void JNICALL Java_com_naef_jnlua_LuaState_nativeRawGetI(JNIEnv *env, jobject self,
                                                                    jint index, jint n) {
  lua_State *L = thread_of(env, self);
  if (check_stack(env, L, 1) && check_type(env, L, index, LUA_TTABLE)) lua_rawgeti(L, index, n);
}

JNIEXPORT void JNICALL Java_com_naef_jnlua_LuaState_nativeRawSetI(JNIEnv *env, jobject self,
                                                                    jint index, jint n) {
  lua_State *L = thread_of(env, self);
  if (check_type(env, L, index, LUA_TTABLE) && check_elements(env, L, 1)) {
    lua_rawseti(L, absolute(L, index), n);
  }
}

JNIEXPORT void JNICALL Java_com_naef_jnlua_LuaState_nativeNewTable(JNIEnv *env, jobject self,
                                                                     jint narr, jint nrec) {
  lua_State *L = thread_of(env, self);
  if (narr < 0 || nrec < 0) {
    fail(env, illegal_argument_class, "illegal count");
    return;
  }
  if (check_stack(env, L, 1)) lua_createtable(L, narr, nrec);
}

JNIEXPORT jint JNICALL Java_com_naef_jnlua_LuaState_nativeSetMetatable(JNIEnv *env, jobject self,
                                                                         jint index) {
  lua_State *L = thread_of(env, self);
  if (!check_index(env, L, index) || !check_elements(env, L, 1)) return 0;
  if (!lua_istable(L, -1) && !lua_isnil(L, -1)) return fail(env, illegal_argument_class, "illegal type");
  return lua_setmetatable(L, index);
}

JNIEXPORT jint JNICALL Java_com_naef_jnlua_LuaState_nativeGetMetatable(JNIEnv *env, jobject self,
                                                                         jint index) {
  lua_State *L = thread_of(env, self);
  if (!check_stack(env, L, 1) || !check_index(env, L, index)) return 0;
  return lua_getmetatable(L, index);
}

static int ref_body(lua_State *L) {
  lua_pushinteger(L, luaL_ref(L, 1));
  return 1;
}

JNIEXPORT jint JNICALL Java_com_naef_jnlua_LuaState_nativeRef(JNIEnv *env, jobject self, jint index) {
  lua_State *L = thread_of(env, self);
  if (!check_type(env, L, index, LUA_TTABLE) || !check_elements(env, L, 1) || !check_stack(env, L, 3)) {
    return 0;
  }
  lua_pushvalue(L, index);
  lua_insert(L, -2);
  protected_call(env, L, ref_body, 2, 1);
  if ((*env)->ExceptionCheck(env)) return 0;
  jint ref = (jint)lua_tointeger(L, -1);
  lua_pop(L, 1);
  return ref;
}

JNIEXPORT void JNICALL Java_com_naef_jnlua_LuaState_nativeUnref(JNIEnv *env, jobject self,
                                                                  jint index, jint ref) {
  lua_State *L = thread_of(env, self);
  if (check_type(env, L, index, LUA_TTABLE)) luaL_unref(L, index, ref);
}

/* ---- push ---- */

JNIEXPORT void JNICALL Java_com_naef_jnlua_LuaState_nativePushNil(JNIEnv *env, jobject self) {
  lua_State *L = thread_of(env, self);
  if (check_stack(env, L, 1)) lua_pushnil(L);
}

JNIEXPORT void JNICALL Java_com_naef_jnlua_LuaState_nativePushBoolean(JNIEnv *env, jobject self,
                                                                        jboolean b) {
  lua_State *L = thread_of(env, self);
  if (check_stack(env, L, 1)) lua_pushboolean(L, b);
}

JNIEXPORT void JNICALL Java_com_naef_jnlua_LuaState_nativePushInteger(JNIEnv *env, jobject self,
                                                                        jint n) {
  lua_State *L = thread_of(env, self);
  if (check_stack(env, L, 1)) lua_pushinteger(L, n);
}

JNIEXPORT void JNICALL Java_com_naef_jnlua_LuaState_nativePushNumber(JNIEnv *env, jobject self,
                                                                       jdouble n) {
  lua_State *L = thread_of(env, self);
  if (check_stack(env, L, 1)) lua_pushnumber(L, n);
}

JNIEXPORT void JNICALL Java_com_naef_jnlua_LuaState_nativePushString(JNIEnv *env, jobject self,
                                                                       jstring s) {
  lua_State *L = thread_of(env, self);
  if (!s) {
    fail(env, null_pointer_class, "null");
    return;
  }
  if (check_stack(env, L, 1)) push_java_string(env, L, s);
}

JNIEXPORT void JNICALL Java_com_naef_jnlua_LuaState_nativePushByteArray(JNIEnv *env, jobject self,
                                                                          jbyteArray bytes,
                                                                          jint count) {
  lua_State *L = thread_of(env, self);
  if (!bytes) {
    fail(env, null_pointer_class, "null");
    return;
  }
  if (!check_stack(env, L, 1)) return;
  jsize length = (*env)->GetArrayLength(env, bytes);
  if (count > length) count = length; /* as the fork: a count past the end is cut to the length */
  if (count < 0) count = 0;
  jbyte *elements = (*env)->GetByteArrayElements(env, bytes, NULL);
  lua_pushlstring(L, (const char *)elements, (size_t)count);
  (*env)->ReleaseByteArrayElements(env, bytes, elements, JNI_ABORT);
}

JNIEXPORT void JNICALL Java_com_naef_jnlua_LuaState_nativePushJavaObject(JNIEnv *env, jobject self,
                                                                           jobject object) {
  lua_State *L = thread_of(env, self);
  if (!object) {
    fail(env, null_pointer_class, "null");
    return;
  }
  if (check_stack(env, L, 2)) push_java_object(env, L, object);
}

JNIEXPORT void JNICALL Java_com_naef_jnlua_LuaState_nativePushJavaFunction(JNIEnv *env, jobject self,
                                                                             jobject function) {
  lua_State *L = thread_of(env, self);
  if (!function) {
    fail(env, null_pointer_class, "null");
    return;
  }
  if (!check_stack(env, L, 2)) return;
  push_java_object(env, L, function);
  lua_pushcclosure(L, call_java_function, 1);
}

JNIEXPORT void JNICALL Java_com_naef_jnlua_LuaState_nativePushValue(JNIEnv *env, jobject self,
                                                                      jint index) {
  lua_State *L = thread_of(env, self);
  if (check_stack(env, L, 1) && check_index(env, L, index)) lua_pushvalue(L, index);
}

/* ---- read ---- */

JNIEXPORT jint JNICALL Java_com_naef_jnlua_LuaState_nativeType(JNIEnv *env, jobject self, jint index) {
  lua_State *L = thread_of(env, self);
  return valid_index(L, index) ? lua_type(L, index) : LUA_TNONE;
}

JNIEXPORT jboolean JNICALL Java_com_naef_jnlua_LuaState_nativeIsString(JNIEnv *env, jobject self,
                                                                         jint index) {
  lua_State *L = thread_of(env, self);
  return valid_index(L, index) && lua_isstring(L, index);
}

JNIEXPORT jboolean JNICALL Java_com_naef_jnlua_LuaState_nativeIsNumber(JNIEnv *env, jobject self,
                                                                         jint index) {
  lua_State *L = thread_of(env, self);
  return valid_index(L, index) && lua_isnumber(L, index);
}

JNIEXPORT jboolean JNICALL Java_com_naef_jnlua_LuaState_nativeToBoolean(JNIEnv *env, jobject self,
                                                                          jint index) {
  lua_State *L = thread_of(env, self);
  return check_index(env, L, index) && lua_toboolean(L, index);
}

JNIEXPORT jint JNICALL Java_com_naef_jnlua_LuaState_nativeToInteger(JNIEnv *env, jobject self,
                                                                      jint index) {
  lua_State *L = thread_of(env, self);
  return check_index(env, L, index) ? (jint)lua_tointeger(L, index) : 0;
}

JNIEXPORT jdouble JNICALL Java_com_naef_jnlua_LuaState_nativeToNumber(JNIEnv *env, jobject self,
                                                                        jint index) {
  lua_State *L = thread_of(env, self);
  return check_index(env, L, index) ? (jdouble)lua_tonumber(L, index) : 0.0;
}

/* Whether s is modified UTF-8 as NewStringUTF requires: sequences of 1 to 3 bytes only (a
 * character outside the BMP must come as two 3-byte surrogates, never as a 4-byte sequence). */
static int is_modified_utf8(const unsigned char *s) {
  while (*s) {
    int continuation = *s < 0x80 ? 0 : (*s & 0xE0) == 0xC0 ? 1 : (*s & 0xF0) == 0xE0 ? 2 : -1;
    if (continuation < 0) return 0;
    s++;
    for (; continuation > 0; continuation--, s++) {
      if ((*s & 0xC0) != 0x80) return 0;
    }
  }
  return 1;
}

/* As JNLua: through NewStringUTF, which reads modified UTF-8 up to the first NUL. HotSpot decodes
 * a 4-byte sequence without complaint, but Android's CheckJNI aborts the app on it ("input is not
 * valid Modified UTF-8"), so the bridge reports it in the words run.sh fails on. */
JNIEXPORT jstring JNICALL Java_com_naef_jnlua_LuaState_nativeToString(JNIEnv *env, jobject self,
                                                                        jint index) {
  lua_State *L = thread_of(env, self);
  if (!check_index(env, L, index)) return NULL;
  const char *s = lua_tostring(L, index);
  if (s && !is_modified_utf8((const unsigned char *)s)) {
    fprintf(stderr, "JNI error: toString() of a Lua string that is not modified UTF-8: NewStringUTF "
                    "aborts the app here under Android's CheckJNI\n");
    fflush(stderr);
  }
  return s ? (*env)->NewStringUTF(env, s) : NULL;
}

JNIEXPORT jbyteArray JNICALL Java_com_naef_jnlua_LuaState_nativeToByteArray(JNIEnv *env,
                                                                              jobject self,
                                                                              jint index) {
  lua_State *L = thread_of(env, self);
  if (!check_index(env, L, index)) return NULL;
  size_t length = 0;
  const char *s = lua_tolstring(L, index, &length);
  if (!s) return NULL;
  jbyteArray bytes = (*env)->NewByteArray(env, (jsize)length);
  if (bytes) (*env)->SetByteArrayRegion(env, bytes, 0, (jsize)length, (const jbyte *)s);
  return bytes;
}

JNIEXPORT jobject JNICALL Java_com_naef_jnlua_LuaState_nativeToJavaObject(JNIEnv *env, jobject self,
                                                                            jint index) {
  lua_State *L = thread_of(env, self);
  if (!check_stack(env, L, 2) || !check_index(env, L, index)) return NULL;
  jobject object = java_object_at(L, index);
  return object ? (*env)->NewLocalRef(env, object) : NULL;
}

JNIEXPORT jint JNICALL Java_com_naef_jnlua_LuaState_nativeLength(JNIEnv *env, jobject self,
                                                                   jint index) {
  lua_State *L = thread_of(env, self);
  return check_index(env, L, index) ? (jint)lua_objlen(L, index) : 0;
}

/* ---- stack ---- */

JNIEXPORT jint JNICALL Java_com_naef_jnlua_LuaState_nativeGetTop(JNIEnv *env, jobject self) {
  return lua_gettop(thread_of(env, self));
}

JNIEXPORT void JNICALL Java_com_naef_jnlua_LuaState_nativeSetTop(JNIEnv *env, jobject self,
                                                                   jint index) {
  lua_State *L = thread_of(env, self);
  int top = lua_gettop(L);
  if (index >= 0 ? (index <= top || check_stack(env, L, index - top))
                 : (top + index + 1 >= 0 || fail(env, illegal_argument_class, "illegal index"))) {
    lua_settop(L, index);
  }
}

JNIEXPORT void JNICALL Java_com_naef_jnlua_LuaState_nativePop(JNIEnv *env, jobject self, jint count) {
  lua_State *L = thread_of(env, self);
  if (count < 0 || count > lua_gettop(L)) {
    fail(env, illegal_argument_class, "illegal count");
    return;
  }
  lua_pop(L, count);
}

JNIEXPORT void JNICALL Java_com_naef_jnlua_LuaState_nativeInsert(JNIEnv *env, jobject self,
                                                                   jint index) {
  lua_State *L = thread_of(env, self);
  if (index > LUA_REGISTRYINDEX && check_index(env, L, index)) lua_insert(L, index);
}

JNIEXPORT void JNICALL Java_com_naef_jnlua_LuaState_nativeRemove(JNIEnv *env, jobject self,
                                                                   jint index) {
  lua_State *L = thread_of(env, self);
  if (index > LUA_REGISTRYINDEX && check_index(env, L, index)) lua_remove(L, index);
}

/* ---- argument errors: the running Java function's name and its argument number ---- */

/* Level 0 is the running C function (call_java_function); its name comes from the caller. */
JNIEXPORT jstring JNICALL Java_com_naef_jnlua_LuaState_nativeFunctionName(JNIEnv *env,
                                                                            jobject self) {
  lua_State *L = thread_of(env, self);
  lua_Debug ar;
  if (lua_getstack(L, 0, &ar) && lua_getinfo(L, "n", &ar) && ar.name) {
    return (*env)->NewStringUTF(env, ar.name);
  }
  return NULL;
}

/* A method call (`stream:write(x)`) counts `self` as argument 0, as luaL_argerror does. */
JNIEXPORT jint JNICALL Java_com_naef_jnlua_LuaState_nativeArgumentNumber(JNIEnv *env, jobject self,
                                                                           jint index) {
  lua_State *L = thread_of(env, self);
  lua_Debug ar;
  if (lua_getstack(L, 0, &ar) && lua_getinfo(L, "n", &ar) && ar.namewhat &&
      strcmp(ar.namewhat, "method") == 0) {
    return index - 1;
  }
  return index;
}

/* ---- the engine side: what Solar2D's C++ runtime does before Java sees the state ---- */

JNIEXPORT jlong JNICALL Java_harness_LuaEngine_newLuaState(JNIEnv *env, jclass type) {
  (void)env;
  (void)type;
  lua_State *L = luaL_newstate();
  if (L) luaL_openlibs(L);
  return (jlong)(intptr_t)L;
}

JNIEXPORT void JNICALL Java_harness_LuaEngine_closeLuaState(JNIEnv *env, jclass type, jlong L) {
  (void)env;
  (void)type;
  lua_close((lua_State *)(intptr_t)L);
}

JNIEXPORT jlong JNICALL Java_harness_LuaEngine_liveJavaObjects(JNIEnv *env, jclass type) {
  (void)env;
  (void)type;
  return live_java_objects;
}
