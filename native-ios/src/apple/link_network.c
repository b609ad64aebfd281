/*
 * The network half of a stream on iOS and macOS: one nw_connection (Network.framework) per
 * stream, TCP or TLS over TCP, with every callback on the stream's own serial dispatch queue.
 *
 * Threads. Lua runs on the main thread (Solar2D drives it from CADisplayLink / NSTimer) and calls
 * in through stream_lua.c. Network.framework calls back on `queue`. The two meet only in the
 * shared ws_stream_state, under its mutex; the network side never calls Lua, so nothing here is
 * dispatched to the main queue: the plugin picks everything up the next time it polls.
 *
 * Lifetime. A link is freed when its last hold is dropped. Holds: one for the Lua side (dropped by
 * ws_link_close), one for the connection until it reports nw_connection_state_cancelled, and one
 * for every receive, send, resume or close timer in flight, so no callback ever finds it freed.
 */
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dispatch/dispatch.h>
#include <dns_sd.h>
#include <Network/Network.h>
#include <Security/Security.h>

#include "../failure.h"
#include "../link.h"
#include "link_accepted.h"
#include "trust.h"

/* failure.h and open_options.h restate Apple's numbers so that they stay testable off Apple
 * platforms; these checks keep the two in step with the SDK's headers. */
_Static_assert(WS_ERROR_DOMAIN_POSIX == (int)nw_error_domain_posix, "nw_error_domain_posix");
_Static_assert(WS_ERROR_DOMAIN_DNS == (int)nw_error_domain_dns, "nw_error_domain_dns");
_Static_assert(WS_ERROR_DOMAIN_TLS == (int)nw_error_domain_tls, "nw_error_domain_tls");
_Static_assert(WS_DNS_ERR_UNKNOWN == kDNSServiceErr_Unknown, "kDNSServiceErr_Unknown");
_Static_assert(WS_DNS_ERR_NO_SUCH_NAME == kDNSServiceErr_NoSuchName, "kDNSServiceErr_NoSuchName");
_Static_assert(WS_DNS_ERR_NO_SUCH_RECORD == kDNSServiceErr_NoSuchRecord, "kDNSServiceErr_NoSuchRecord");
_Static_assert(WS_DNS_ERR_SERVICE_NOT_RUNNING == kDNSServiceErr_ServiceNotRunning,
               "kDNSServiceErr_ServiceNotRunning");
_Static_assert(WS_DNS_ERR_NO_ROUTER == kDNSServiceErr_NoRouter, "kDNSServiceErr_NoRouter");
_Static_assert(WS_DNS_ERR_TIMEOUT == kDNSServiceErr_Timeout, "kDNSServiceErr_Timeout");
_Static_assert(WS_DNS_ERR_POLICY_DENIED == kDNSServiceErr_PolicyDenied, "kDNSServiceErr_PolicyDenied");
_Static_assert(WS_TLS_ERR_PROTOCOL == errSSLProtocol, "errSSLProtocol");
_Static_assert(WS_TLS_ERR_CLOSED_ABORT == errSSLClosedAbort, "errSSLClosedAbort");
_Static_assert(WS_TLS_ERR_CERT_CHAIN_INVALID == errSSLXCertChainInvalid, "errSSLXCertChainInvalid");
_Static_assert(WS_TLS_ERR_BAD_CERT == errSSLBadCert, "errSSLBadCert");
_Static_assert(WS_TLS_ERR_UNKNOWN_ROOT_CERT == errSSLUnknownRootCert, "errSSLUnknownRootCert");
_Static_assert(WS_TLS_ERR_NO_ROOT_CERT == errSSLNoRootCert, "errSSLNoRootCert");
_Static_assert(WS_TLS_ERR_CERT_EXPIRED == errSSLCertExpired, "errSSLCertExpired");
_Static_assert(WS_TLS_ERR_CERT_NOT_YET_VALID == errSSLCertNotYetValid, "errSSLCertNotYetValid");
_Static_assert(WS_TLS_ERR_PEER_HANDSHAKE_FAIL == errSSLPeerHandshakeFail, "errSSLPeerHandshakeFail");
_Static_assert(WS_TLS_ERR_PEER_PROTOCOL_VERSION == errSSLPeerProtocolVersion, "errSSLPeerProtocolVersion");
_Static_assert(WS_TLS_ERR_HOST_NAME_MISMATCH == errSSLHostNameMismatch, "errSSLHostNameMismatch");
_Static_assert(WS_TLS_1_0 == (int)tls_protocol_version_TLSv10, "tls_protocol_version_TLSv10");
_Static_assert(WS_TLS_1_1 == (int)tls_protocol_version_TLSv11, "tls_protocol_version_TLSv11");
_Static_assert(WS_TLS_1_2 == (int)tls_protocol_version_TLSv12, "tls_protocol_version_TLSv12");
_Static_assert(WS_TLS_1_3 == (int)tls_protocol_version_TLSv13, "tls_protocol_version_TLSv13");

/* The most one receive asks for; the plugin reads everything each frame anyway. */
#define WS_RECEIVE_CHUNK_BYTES (64u * 1024u)

/* After close(), how long queued bytes may take to leave before the socket is dropped anyway. */
#define WS_CLOSE_GRACE_SECONDS 2

struct ws_link {
  atomic_int holds;
  ws_stream_state *state;
  nw_connection_t connection;
  dispatch_queue_t queue;
  CFArrayRef anchors; /* the `ca` certificates, or NULL for the platform's trust store */
  bool verify;
  char host[WS_HOST_MAX];
  unsigned port;
  char server_name[WS_HOST_MAX];
  /* Only touched on `queue`: */
  bool was_open;
  bool receiving;
  bool closing;
  char trust_failure[WS_MESSAGE_MAX]; /* why the verify block refused the certificate */
};

static void hold(ws_link *link) { atomic_fetch_add(&link->holds, 1); }

static void drop(ws_link *link) {
  if (atomic_fetch_sub(&link->holds, 1) != 1) return;
  /* The last hold: the connection has been cancelled and no callback is pending. */
  if (link->connection != NULL) nw_release(link->connection);
  if (link->queue != NULL) dispatch_release(link->queue);
  if (link->anchors != NULL) CFRelease(link->anchors);
  ws_stream_state_release(link->state);
  free(link);
}

/* Records why the connection failed, in the contract's categories. On `queue`. */
static void report_error(ws_link *link, nw_error_t error) {
  char message[WS_MESSAGE_MAX];
  ws_error_domain domain =
      error != NULL ? (ws_error_domain)nw_error_get_error_domain(error) : WS_ERROR_DOMAIN_INVALID;
  int code = error != NULL ? nw_error_get_error_code(error) : 0;
  ws_failure_category category = ws_failure_category_for(domain, code, link->was_open);
  if (domain == WS_ERROR_DOMAIN_TLS && link->trust_failure[0] != '\0') {
    snprintf(message, sizeof message, "certificate of %s not trusted: %s", link->server_name,
             link->trust_failure);
  } else {
    ws_failure_describe(message, sizeof message, domain, code, link->was_open, link->host, link->port);
  }
  ws_stream_state_end(link->state, category, message);
}

static void receive_next(ws_link *link);

static void on_received(ws_link *link, dispatch_data_t content, nw_content_context_t context,
                        bool is_complete, nw_error_t error) {
  __block ws_receive_verdict verdict = WS_RECEIVE_CONTINUE;
  link->receiving = false;
  if (content != NULL) {
    dispatch_data_apply(content, ^bool(dispatch_data_t region, size_t offset, const void *buffer, size_t size) {
      (void)region;
      (void)offset;
      verdict = ws_stream_state_received(link->state, buffer, size);
      return verdict != WS_RECEIVE_STOP;
    });
  }
  if (error != NULL) {
    report_error(link, error);
    nw_connection_cancel(link->connection);
  } else if (is_complete && (context == NULL || nw_content_context_get_is_final(context))) {
    /* End of stream: the server sent FIN. Our side stays writable until the plugin closes. */
    ws_stream_state_end(link->state, WS_FAILURE_CLOSED, "the server closed the connection");
  } else if (verdict == WS_RECEIVE_CONTINUE) {
    receive_next(link);
  }
  /* WS_RECEIVE_PAUSE: ws_link_resume_receiving starts again once Lua has read. */
}

/* Keeps exactly one receive outstanding while open. On `queue`. */
static void receive_next(ws_link *link) {
  if (link->receiving || link->closing || !link->was_open) return;
  link->receiving = true;
  hold(link);
  nw_connection_receive(link->connection, 1, WS_RECEIVE_CHUNK_BYTES,
                        ^(dispatch_data_t content, nw_content_context_t context, bool is_complete,
                          nw_error_t error) {
                          on_received(link, content, context, is_complete, error);
                          drop(link);
                        });
}

static void on_state_changed(ws_link *link, nw_connection_state_t state, nw_error_t error) {
  switch (state) {
    case nw_connection_state_ready:
      link->was_open = true;
      ws_stream_state_opened(link->state);
      receive_next(link);
      break;
    case nw_connection_state_waiting:
      /* Network.framework would wait for a better network and retry on its own, for ever. The
       * plugin needs a verdict now (it has its own timeout, and the game decides about retrying),
       * so waiting counts as failing: "connection refused" or "no such host" ends the attempt. */
    case nw_connection_state_failed:
      report_error(link, error);
      nw_connection_cancel(link->connection);
      break;
    case nw_connection_state_cancelled:
      link->closing = true;
      ws_stream_state_end(link->state, WS_FAILURE_CLOSED, "the stream was closed");
      drop(link); /* the connection's hold */
      break;
    case nw_connection_state_invalid:
    case nw_connection_state_preparing:
    default:
      break;
  }
}

/* TLS: the lowest version, SNI, and who decides about the certificate. Runs while the connection
 * is set up; `link` outlives it. */
static void configure_tls(ws_link *link, ws_tls_version min_tls, nw_protocol_options_t tls_options) {
  sec_protocol_options_t options = nw_tls_copy_sec_protocol_options(tls_options);
  sec_protocol_options_set_min_tls_protocol_version(options, (tls_protocol_version_t)min_tls);
  sec_protocol_options_set_tls_server_name(options, link->server_name);
  if (!link->verify) {
    /* verify = false: the game asked to accept any certificate (development servers only). */
    sec_protocol_options_set_verify_block(
        options,
        ^(sec_protocol_metadata_t metadata, sec_trust_t trust, sec_protocol_verify_complete_t complete) {
          (void)metadata;
          (void)trust;
          complete(true);
        },
        link->queue);
  } else if (link->anchors != NULL) {
    /* `ca`: trust the file's certificates instead of the platform's store; name still checked. */
    sec_protocol_options_set_verify_block(
        options,
        ^(sec_protocol_metadata_t metadata, sec_trust_t trust, sec_protocol_verify_complete_t complete) {
          SecTrustRef trust_ref = sec_trust_copy_ref(trust);
          bool trusted = ws_trust_evaluate(trust_ref, link->anchors, link->server_name,
                                           link->trust_failure, sizeof link->trust_failure);
          (void)metadata;
          CFRelease(trust_ref);
          complete(trusted);
        },
        link->queue);
  }
  /* Otherwise the default: the platform's trust store and the server name set above. */
  sec_release(options);
}

static void configure_tcp(uint32_t timeout_seconds, nw_protocol_options_t tcp_options) {
  /* WebSocket frames are small and latency matters to games: no Nagle delay. */
  nw_tcp_options_set_no_delay(tcp_options, true);
  /* Bounds the TCP step only; the plugin enforces the whole connect deadline itself. */
  nw_tcp_options_set_connection_timeout(tcp_options, timeout_seconds);
}

static nw_parameters_t create_parameters(ws_link *link, const ws_open_options *options) {
  ws_tls_version min_tls = options->min_tls;
  uint32_t timeout_seconds = options->timeout >= 1 ? (uint32_t)(options->timeout + 0.5) : 1;
  nw_parameters_configure_protocol_block_t tcp = ^(nw_protocol_options_t tcp_options) {
    configure_tcp(timeout_seconds, tcp_options);
  };
  if (!options->secure) return nw_parameters_create_secure_tcp(NW_PARAMETERS_DISABLE_PROTOCOL, tcp);
  return nw_parameters_create_secure_tcp(
      ^(nw_protocol_options_t tls_options) {
        configure_tls(link, min_tls, tls_options);
      },
      tcp);
}

static ws_link *fail_open(ws_link *link, ws_stream_state *state, ws_failure_category category,
                          const char *message) {
  ws_stream_state_end(state, category, message);
  if (link != NULL) {
    if (link->queue != NULL) dispatch_release(link->queue);
    if (link->anchors != NULL) CFRelease(link->anchors);
    free(link);
  }
  return NULL;
}

/* Starts the connection of a link whose fields are set: the hold of the Lua side and that of
 * the connection, the queue, the state handler. */
static void start_connection(ws_link *link, ws_stream_state *state) {
  link->state = state;
  ws_stream_state_retain(state);
  atomic_store(&link->holds, 2); /* the Lua side's and the connection's */
  nw_connection_set_queue(link->connection, link->queue);
  nw_connection_set_state_changed_handler(link->connection, ^(nw_connection_state_t new_state, nw_error_t failure) {
    on_state_changed(link, new_state, failure);
  });
  nw_connection_start(link->connection);
}

ws_link *ws_link_open(const ws_open_options *options, ws_stream_state *state) {
  char error[WS_MESSAGE_MAX];
  char port_text[8];
  nw_endpoint_t endpoint;
  nw_parameters_t parameters;
  ws_link *link = calloc(1, sizeof *link);
  if (link == NULL) return fail_open(NULL, state, WS_FAILURE_CONNECT, "out of memory");
  atomic_init(&link->holds, 0);
  memcpy(link->host, options->host, sizeof link->host);
  memcpy(link->server_name, options->server_name, sizeof link->server_name);
  link->port = options->port;
  link->verify = options->verify != 0;

  if (options->secure && options->verify && options->has_ca) {
    /* Decoded here, on the Lua thread and while the PEM text is still alive (it is the options
     * table's string), so bad certificates fail at once with a clear reason. */
    link->anchors = ws_trust_load_anchors(options->ca_pem, options->ca_length, error, sizeof error);
    if (link->anchors == NULL) return fail_open(link, state, WS_FAILURE_TLS, error);
  }

  link->queue = dispatch_queue_create("plugin.websockets_native.stream", DISPATCH_QUEUE_SERIAL);
  if (link->queue == NULL) return fail_open(link, state, WS_FAILURE_CONNECT, "cannot create a dispatch queue");

  snprintf(port_text, sizeof port_text, "%u", options->port);
  endpoint = nw_endpoint_create_host(options->host, port_text);
  parameters = create_parameters(link, options);
  link->connection = (endpoint != NULL && parameters != NULL) ? nw_connection_create(endpoint, parameters) : NULL;
  if (endpoint != NULL) nw_release(endpoint);
  if (parameters != NULL) nw_release(parameters);
  if (link->connection == NULL) return fail_open(link, state, WS_FAILURE_CONNECT, "cannot create the connection");

  start_connection(link, state);
  return link;
}

ws_link *ws_link_accepted(nw_connection_t connection, const char *peer_host, unsigned peer_port,
                          ws_stream_state *state) {
  ws_link *link = calloc(1, sizeof *link);
  if (link == NULL) {
    nw_connection_cancel(connection);
    return fail_open(NULL, state, WS_FAILURE_CONNECT, "out of memory");
  }
  atomic_init(&link->holds, 0);
  snprintf(link->host, sizeof link->host, "%s", peer_host);
  snprintf(link->server_name, sizeof link->server_name, "%s", peer_host);
  link->port = peer_port;
  link->verify = false; /* the server side: there is no host name to verify */
  link->queue = dispatch_queue_create("plugin.websockets_native.accepted", DISPATCH_QUEUE_SERIAL);
  if (link->queue == NULL) {
    nw_connection_cancel(connection);
    return fail_open(link, state, WS_FAILURE_CONNECT, "cannot create a dispatch queue");
  }
  link->connection = (nw_connection_t)nw_retain(connection);
  start_connection(link, state);
  return link;
}

void ws_link_send(ws_link *link, const unsigned char *bytes, size_t count) {
  /* DISPATCH_DATA_DESTRUCTOR_DEFAULT copies the bytes now: the Lua string may be collected. */
  dispatch_data_t content = dispatch_data_create(bytes, count, link->queue, DISPATCH_DATA_DESTRUCTOR_DEFAULT);
  hold(link);
  nw_connection_send(link->connection, content, NW_CONNECTION_DEFAULT_MESSAGE_CONTEXT, true,
                     ^(nw_error_t error) {
                       ws_stream_state_send_completed(link->state, count);
                       if (error != NULL) {
                         report_error(link, error);
                         nw_connection_cancel(link->connection);
                       }
                       drop(link);
                     });
  dispatch_release(content);
}

void ws_link_resume_receiving(ws_link *link) {
  hold(link);
  dispatch_async(link->queue, ^{
    receive_next(link);
    drop(link);
  });
}

void ws_link_close(ws_link *link) {
  dispatch_async(link->queue, ^{
    if (link->was_open && !link->closing) {
      /* Graceful: the final message context marks the end of our stream (TCP FIN) after every
       * byte queued before it; cancel once it has gone, or after a grace period if it never does. */
      hold(link);
      nw_connection_send(link->connection, NULL, NW_CONNECTION_FINAL_MESSAGE_CONTEXT, true, ^(nw_error_t error) {
        (void)error;
        nw_connection_cancel(link->connection);
        drop(link);
      });
      hold(link);
      dispatch_after(dispatch_time(DISPATCH_TIME_NOW, (int64_t)WS_CLOSE_GRACE_SECONDS * (int64_t)NSEC_PER_SEC),
                     link->queue, ^{
                       nw_connection_cancel(link->connection);
                       drop(link);
                     });
    } else {
      nw_connection_cancel(link->connection);
    }
    link->closing = true;
    drop(link); /* the Lua side's hold */
  });
}
