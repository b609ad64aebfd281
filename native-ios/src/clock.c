/* glibc declares clock_gettime only for POSIX.1b and later; Apple's headers declare it anyway. */
#if !defined(__APPLE__) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif

#include "clock.h"

#include <time.h>

double ws_monotonic_seconds(void) {
  struct timespec now;
  /* CLOCK_MONOTONIC exists on iOS 10+ and macOS 10.12+, and is not moved by clock changes. */
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}
