/*
 * Why a stream failed or ended, in the words of ts/transport/contract.ts (`StreamFailure`), and a
 * human-readable reason naming the cause. Pure C: the Network.framework error is passed in as its
 * domain and code, so the mapping is unit-tested here and used unchanged on Apple platforms.
 */
#ifndef WS_FAILURE_H
#define WS_FAILURE_H

#include <stddef.h>

/* One to one with the contract's StreamFailure and so with ONERROR's errorType. */
typedef enum ws_failure_category {
  WS_FAILURE_DNS,     /* the host name could not be resolved */
  WS_FAILURE_CONNECT, /* TCP could not be established */
  WS_FAILURE_TLS,     /* the TLS handshake failed, the certificate was refused, or the CA file was bad */
  WS_FAILURE_CLOSED   /* an open stream ended: the peer closed, reset, or the stream was closed */
} ws_failure_category;

/*
 * Network.framework's error domains. The values are those of nw_error_domain_t
 * (Network/error.h); src/apple/link_network.c asserts at compile time that they still agree.
 */
typedef enum ws_error_domain {
  WS_ERROR_DOMAIN_INVALID = 0,
  WS_ERROR_DOMAIN_POSIX = 1, /* code is an errno value */
  WS_ERROR_DOMAIN_DNS = 2,   /* code is a DNSServiceErrorType (kDNSServiceErr_*, dns_sd.h) */
  WS_ERROR_DOMAIN_TLS = 3    /* code is an OSStatus (errSSL*, SecureTransport.h) */
} ws_error_domain;

/* The dns_sd.h codes this file names; checked against the real header in link_network.c. */
#define WS_DNS_ERR_UNKNOWN (-65537)
#define WS_DNS_ERR_NO_SUCH_NAME (-65538)
#define WS_DNS_ERR_NO_SUCH_RECORD (-65554)
#define WS_DNS_ERR_SERVICE_NOT_RUNNING (-65563)
#define WS_DNS_ERR_NO_ROUTER (-65566)
#define WS_DNS_ERR_TIMEOUT (-65568)
#define WS_DNS_ERR_POLICY_DENIED (-65570)

/* The SecureTransport.h codes this file names; checked against the real header too. */
#define WS_TLS_ERR_PROTOCOL (-9800)
#define WS_TLS_ERR_CLOSED_ABORT (-9806)
#define WS_TLS_ERR_CERT_CHAIN_INVALID (-9807)
#define WS_TLS_ERR_BAD_CERT (-9808)
#define WS_TLS_ERR_UNKNOWN_ROOT_CERT (-9812)
#define WS_TLS_ERR_NO_ROOT_CERT (-9813)
#define WS_TLS_ERR_CERT_EXPIRED (-9814)
#define WS_TLS_ERR_CERT_NOT_YET_VALID (-9815)
#define WS_TLS_ERR_PEER_HANDSHAKE_FAIL (-9824)
#define WS_TLS_ERR_PEER_PROTOCOL_VERSION (-9836)
#define WS_TLS_ERR_HOST_NAME_MISMATCH (-9843)

/*
 * The category of an error. `was_open` says whether the stream had become ready before: a reset
 * of an open stream is "closed" (the connection ended without a close handshake), the same errno
 * while connecting is "connect".
 */
ws_failure_category ws_failure_category_for(ws_error_domain domain, int code, int was_open);

/* "dns", "connect", "tls" or "closed": the strings the contract uses. */
const char *ws_failure_category_name(ws_failure_category category);

/*
 * Writes a reason that names the cause, e.g. "cannot resolve host 'example.invalid' (DNS error
 * -65554, no such record)" or "connecting to 127.0.0.1:1 failed: Connection refused". Always
 * NUL-terminated; truncated to fit `size`.
 */
void ws_failure_describe(char *out, size_t size, ws_error_domain domain, int code, int was_open,
                         const char *host, unsigned port);

#endif
