#include "failure.h"

#include <stdio.h>
#include <string.h>

ws_failure_category ws_failure_category_for(ws_error_domain domain, int code, int was_open) {
  (void)code;
  switch (domain) {
    case WS_ERROR_DOMAIN_DNS:
      return WS_FAILURE_DNS;
    case WS_ERROR_DOMAIN_TLS:
      return WS_FAILURE_TLS;
    case WS_ERROR_DOMAIN_POSIX:
    case WS_ERROR_DOMAIN_INVALID:
    default:
      return was_open ? WS_FAILURE_CLOSED : WS_FAILURE_CONNECT;
  }
}

const char *ws_failure_category_name(ws_failure_category category) {
  switch (category) {
    case WS_FAILURE_DNS:
      return "dns";
    case WS_FAILURE_CONNECT:
      return "connect";
    case WS_FAILURE_TLS:
      return "tls";
    case WS_FAILURE_CLOSED:
    default:
      return "closed";
  }
}

static const char *dns_error_text(int code) {
  switch (code) {
    case WS_DNS_ERR_NO_SUCH_NAME:
      return "no such name";
    case WS_DNS_ERR_NO_SUCH_RECORD:
      return "no such record";
    case WS_DNS_ERR_SERVICE_NOT_RUNNING:
      return "the resolver is not running";
    case WS_DNS_ERR_NO_ROUTER:
      return "no network";
    case WS_DNS_ERR_TIMEOUT:
      return "timed out";
    case WS_DNS_ERR_POLICY_DENIED:
      return "denied by the local network policy";
    case WS_DNS_ERR_UNKNOWN:
    default:
      return "lookup failed";
  }
}

static const char *tls_error_text(int code) {
  switch (code) {
    case WS_TLS_ERR_CERT_CHAIN_INVALID:
      return "invalid certificate chain";
    case WS_TLS_ERR_BAD_CERT:
      return "certificate rejected";
    case WS_TLS_ERR_UNKNOWN_ROOT_CERT:
      return "certificate signed by an unknown authority";
    case WS_TLS_ERR_NO_ROOT_CERT:
      return "no root certificate for the chain";
    case WS_TLS_ERR_CERT_EXPIRED:
      return "certificate expired";
    case WS_TLS_ERR_CERT_NOT_YET_VALID:
      return "certificate not yet valid";
    case WS_TLS_ERR_HOST_NAME_MISMATCH:
      return "certificate does not match the host name";
    case WS_TLS_ERR_PEER_HANDSHAKE_FAIL:
      return "the server refused the handshake";
    case WS_TLS_ERR_PEER_PROTOCOL_VERSION:
      return "no TLS version acceptable to both sides";
    case WS_TLS_ERR_CLOSED_ABORT:
      return "the connection was aborted during TLS";
    case WS_TLS_ERR_PROTOCOL:
      return "TLS protocol error";
    default:
      return "TLS failure";
  }
}

void ws_failure_describe(char *out, size_t size, ws_error_domain domain, int code, int was_open,
                         const char *host, unsigned port) {
  if (size == 0) return;
  switch (domain) {
    case WS_ERROR_DOMAIN_DNS:
      snprintf(out, size, "cannot resolve host '%s' (DNS error %d, %s)", host, code,
               dns_error_text(code));
      break;
    case WS_ERROR_DOMAIN_TLS:
      snprintf(out, size, "TLS with %s:%u failed: %s (OSStatus %d)", host, port,
               tls_error_text(code), code);
      break;
    case WS_ERROR_DOMAIN_POSIX:
      if (was_open) {
        snprintf(out, size, "connection to %s:%u lost: %s", host, port, strerror(code));
      } else {
        snprintf(out, size, "connecting to %s:%u failed: %s", host, port, strerror(code));
      }
      break;
    case WS_ERROR_DOMAIN_INVALID:
    default:
      snprintf(out, size, "%s %s:%u failed (error %d)", was_open ? "connection to" : "connecting to",
               host, port, code);
      break;
  }
}
