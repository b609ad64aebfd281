/* Stub for the syntax check only (see native-ios/stubs/README.md): Solar2D's CoronaMacros.h.
 * On Apple platforms CORONA_EXPORT gives a symbol default visibility (and C linkage from C++), so
 * that Solar2D's loader finds luaopen_* with dlsym. */
#ifndef WS_STUB_CORONA_MACROS_H
#define WS_STUB_CORONA_MACROS_H

#ifdef __cplusplus
#define CORONA_EXTERN_C extern "C"
#else
#define CORONA_EXTERN_C extern
#endif

#define CORONA_EXPORT CORONA_EXTERN_C __attribute__((visibility("default")))

#endif
