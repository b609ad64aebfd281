/*
 * The options table of `open(options)` (OpenOptions in ts/transport/contract.ts), read into a
 * plain C struct. Strings are copied into fixed arrays, so nothing is allocated and a Lua error
 * raised half-way leaks nothing.
 */
#ifndef WS_OPEN_OPTIONS_H
#define WS_OPEN_OPTIONS_H

#include <lua.h>

#include "failure.h"

/* A DNS name has at most 253 characters; an IPv6 literal with a zone fits as well. */
#define WS_HOST_MAX 256
/* Wire values of the TLS versions (RFC 8446 section 4.2.1), as tls_protocol_version_t uses them. */
typedef enum ws_tls_version {
  WS_TLS_1_0 = 0x0301,
  WS_TLS_1_1 = 0x0302,
  WS_TLS_1_2 = 0x0303,
  WS_TLS_1_3 = 0x0304
} ws_tls_version;

typedef struct ws_open_options {
  char host[WS_HOST_MAX];        /* name or IP address; IPv6 without brackets */
  unsigned port;                 /* 1..65535 */
  int secure;                    /* TLS on top of TCP */
  char server_name[WS_HOST_MAX]; /* SNI and the name the certificate must match */
  ws_tls_version min_tls;        /* lowest version accepted */
  int verify;                    /* verify chain and name; off only when asked */
  int has_ca;                    /* ca_pem holds PEM text of anchors to trust instead */
  /* Points into the Lua string of the options table: valid only while open() runs, which is where
   * the link decodes it (a PEM bundle is too big to copy into a fixed array). */
  const char *ca_pem;
  size_t ca_length;
  double timeout;                /* seconds; the plugin enforces the deadline, shims may use it */
  /* A string the C side cannot use (empty, too long, NUL inside): the stream fails with this
   * category and reason instead of open() raising, as a bad value from game code is not a bug. */
  int unusable;
  ws_failure_category unusable_category;
  char unusable_reason[256];
} ws_open_options;

/*
 * Reads the table at `index`. Missing optional fields take the contract's safe defaults
 * (secure = false, serverName = host, minTls = "1.2", verify = true, no ca, timeout = 10).
 * A missing host or port, or a field of the wrong type or out of range, raises a Lua error in
 * the style "bad option 'port' to 'open' (number expected, got string)": that is a bug in the
 * caller, not a network condition. A string of the right type that cannot be used (an empty or
 * overlong host, an empty or oversized ca) sets `unusable` instead: host and serverName as "dns",
 * ca as "tls".
 */
void ws_open_options_read(lua_State *L, int index, ws_open_options *options);

#endif
