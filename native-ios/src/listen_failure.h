/*
 * Why a listener could not listen, in the words of ts/transport/contract.ts (`ListenFailure`), and
 * a reason naming the address and the cause. Pure C: Network.framework's error arrives as its
 * domain and code, so the mapping is unit-tested here and used unchanged on Apple platforms.
 */
#ifndef WS_LISTEN_FAILURE_H
#define WS_LISTEN_FAILURE_H

#include <stddef.h>

#include "failure.h"

/* One to one with the contract's ListenFailure and so with the server's ONERROR reason. */
typedef enum ws_listen_failure {
  WS_LISTEN_ADDRESS_IN_USE,    /* another socket listens on that address and port */
  WS_LISTEN_PERMISSION_DENIED, /* the system refused (privileged port, sandbox, local network) */
  WS_LISTEN_BAD_HOST,          /* not a name or address of this device */
  WS_LISTEN_TLS_UNSUPPORTED,   /* tls asked of a transport that cannot serve it */
  WS_LISTEN_TLS,               /* the certificate or key could not be loaded */
  WS_LISTEN_OTHER              /* "listen": anything else, named in the reason */
} ws_listen_failure;

/* "address in use", "permission denied", "bad host", "tls unsupported here", "tls", "listen". */
const char *ws_listen_failure_name(ws_listen_failure category);

/* The category of an error from binding or listening (errno values in the POSIX domain). */
ws_listen_failure ws_listen_failure_for(ws_error_domain domain, int code);

/* "cannot listen on 127.0.0.1:8080: Address already in use" and the like. Always NUL-terminated. */
void ws_listen_failure_describe(char *out, size_t size, ws_error_domain domain, int code,
                                const char *host, unsigned port);

#endif
