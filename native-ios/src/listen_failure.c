#include "listen_failure.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

const char *ws_listen_failure_name(ws_listen_failure category) {
  switch (category) {
    case WS_LISTEN_ADDRESS_IN_USE:
      return "address in use";
    case WS_LISTEN_PERMISSION_DENIED:
      return "permission denied";
    case WS_LISTEN_BAD_HOST:
      return "bad host";
    case WS_LISTEN_TLS_UNSUPPORTED:
      return "tls unsupported here";
    case WS_LISTEN_TLS:
      return "tls";
    case WS_LISTEN_OTHER:
    default:
      return "listen";
  }
}

ws_listen_failure ws_listen_failure_for(ws_error_domain domain, int code) {
  if (domain == WS_ERROR_DOMAIN_DNS) return WS_LISTEN_BAD_HOST; /* the host name did not resolve */
  if (domain == WS_ERROR_DOMAIN_TLS) return WS_LISTEN_TLS;
  if (domain != WS_ERROR_DOMAIN_POSIX) return WS_LISTEN_OTHER;
  switch (code) {
    case EADDRINUSE:
      return WS_LISTEN_ADDRESS_IN_USE;
    case EACCES:
    case EPERM:
      return WS_LISTEN_PERMISSION_DENIED;
    case EADDRNOTAVAIL:
    case EAFNOSUPPORT:
    case EINVAL:
      return WS_LISTEN_BAD_HOST;
    default:
      return WS_LISTEN_OTHER;
  }
}

static const char *bracket_open(const char *host) { return strchr(host, ':') != NULL ? "[" : ""; }
static const char *bracket_close(const char *host) { return strchr(host, ':') != NULL ? "]" : ""; }

void ws_listen_failure_describe(char *out, size_t size, ws_error_domain domain, int code,
                                const char *host, unsigned port) {
  if (size == 0) return;
  if (domain == WS_ERROR_DOMAIN_POSIX) {
    snprintf(out, size, "cannot listen on %s%s%s:%u: %s", bracket_open(host), host, bracket_close(host),
             port, strerror(code));
  } else if (domain == WS_ERROR_DOMAIN_DNS) {
    snprintf(out, size, "cannot listen on %s%s%s:%u: %s does not resolve (DNS error %d)", bracket_open(host),
             host, bracket_close(host), port, host, code);
  } else {
    snprintf(out, size, "cannot listen on %s%s%s:%u (error %d in domain %d)", bracket_open(host), host,
             bracket_close(host), port, code, (int)domain);
  }
}
