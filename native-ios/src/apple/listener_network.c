/*
 * The network half of a listener on iOS and macOS: one nw_listener (Network.framework) per
 * listener, plain TCP, with every callback on the listener's own serial dispatch queue.
 *
 * Connections the listener hands over wait, not started, in the shared ws_listener_state until
 * Lua accepts them (listener_lua.c); then ws_link_accepted starts each as a stream's link, exactly
 * like a client's connection from there on. Connections beyond the queue's capacity, and those
 * still waiting when the listener fails or closes, are cancelled (ws_listener_link_discard).
 *
 * TLS is not served here: Network.framework wants a sec_identity_t, which comes from the keychain
 * (SecPKCS12Import and friends), not from the PEM text the contract hands over. A `tls` option
 * fails with "tls unsupported here".
 *
 * Lifetime. Holds: one for the Lua side (dropped by ws_listener_link_close) and one for the
 * listener until it reports nw_listener_state_cancelled, so no callback ever finds the link freed.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <dispatch/dispatch.h>
#include <Network/Network.h>

#include "../listener_link.h"
#include "link_accepted.h"

struct ws_listener_link {
  atomic_int holds;
  ws_listener_state *state;
  nw_listener_t listener;
  dispatch_queue_t queue;
  char host[WS_HOST_MAX];
  unsigned port;
};

static void drop(ws_listener_link *link) {
  if (atomic_fetch_sub(&link->holds, 1) != 1) return;
  if (link->listener != NULL) nw_release(link->listener);
  if (link->queue != NULL) dispatch_release(link->queue);
  ws_listener_state_release(link->state);
  free(link);
}

/* Records why listening failed, in the contract's categories. On `queue`. */
static void report_error(ws_listener_link *link, nw_error_t error) {
  char message[WS_MESSAGE_MAX];
  ws_error_domain domain =
      error != NULL ? (ws_error_domain)nw_error_get_error_domain(error) : WS_ERROR_DOMAIN_INVALID;
  int code = error != NULL ? nw_error_get_error_code(error) : 0;
  ws_listen_failure_describe(message, sizeof message, domain, code, link->host, link->port);
  ws_listener_state_fail(link->state, ws_listen_failure_for(domain, code), message);
}

static void on_state_changed(ws_listener_link *link, nw_listener_state_t state, nw_error_t error) {
  switch (state) {
    case nw_listener_state_ready:
      ws_listener_state_listening(link->state, (unsigned)nw_listener_get_port(link->listener));
      break;
    case nw_listener_state_waiting:
      /* As for connections: waiting for a better network would never give the game a verdict. */
    case nw_listener_state_failed:
      report_error(link, error);
      nw_listener_cancel(link->listener);
      break;
    case nw_listener_state_cancelled:
      ws_listener_state_fail(link->state, WS_LISTEN_OTHER, "the listener was closed");
      drop(link); /* the listener's hold */
      break;
    case nw_listener_state_invalid:
    default:
      break;
  }
}

static void on_new_connection(ws_listener_link *link, nw_connection_t connection) {
  nw_retain(connection); /* the queue's reference, until accepted or discarded */
  if (!ws_listener_state_arrived(link->state, connection)) ws_listener_link_discard(connection);
}

static ws_listener_link *fail_open(ws_listener_link *link, ws_listener_state *state,
                                   ws_listen_failure category, const char *message) {
  ws_listener_state_fail(state, category, message);
  if (link != NULL) {
    if (link->queue != NULL) dispatch_release(link->queue);
    free(link);
  }
  return NULL;
}

/* "0.0.0.0" and "::" mean every interface: no local address, only the port. */
static bool is_any_address(const char *host) {
  return strcmp(host, "0.0.0.0") == 0 || strcmp(host, "::") == 0 || strcmp(host, "*") == 0;
}

ws_listener_link *ws_listener_link_open(const ws_listen_options *options, ws_listener_state *state) {
  char port_text[8];
  char message[WS_MESSAGE_MAX];
  nw_parameters_t parameters;
  ws_listener_link *link;
  if (options->tls) {
    snprintf(message, sizeof message, "serving wss:// on %s:%u is not supported on iOS and macOS by "
             "this plugin: serve ws:// on the LAN, or terminate TLS elsewhere", options->host, options->port);
    return fail_open(NULL, state, WS_LISTEN_TLS_UNSUPPORTED, message);
  }
  link = calloc(1, sizeof *link);
  if (link == NULL) return fail_open(NULL, state, WS_LISTEN_OTHER, "out of memory");
  atomic_init(&link->holds, 0);
  memcpy(link->host, options->host, sizeof link->host);
  link->port = options->port;
  link->queue = dispatch_queue_create("plugin.websockets_native.listener", DISPATCH_QUEUE_SERIAL);
  if (link->queue == NULL) return fail_open(link, state, WS_LISTEN_OTHER, "cannot create a dispatch queue");

  parameters = nw_parameters_create_secure_tcp(NW_PARAMETERS_DISABLE_PROTOCOL, ^(nw_protocol_options_t tcp_options) {
    nw_tcp_options_set_no_delay(tcp_options, true);
  });
  if (parameters == NULL) return fail_open(link, state, WS_LISTEN_OTHER, "cannot create the listener's parameters");
  nw_parameters_set_reuse_local_address(parameters, true);
  snprintf(port_text, sizeof port_text, "%u", options->port);
  if (is_any_address(options->host)) {
    link->listener = nw_listener_create_with_port(port_text, parameters);
  } else {
    nw_endpoint_t local = nw_endpoint_create_host(options->host, port_text);
    if (local != NULL) {
      nw_parameters_set_local_endpoint(parameters, local);
      nw_release(local);
      link->listener = nw_listener_create(parameters);
    }
  }
  nw_release(parameters);
  if (link->listener == NULL) {
    snprintf(message, sizeof message, "cannot listen on %s:%u: not an address of this device", options->host,
             options->port);
    return fail_open(link, state, WS_LISTEN_BAD_HOST, message);
  }

  link->state = state;
  ws_listener_state_retain(state);
  atomic_store(&link->holds, 2); /* the Lua side's and the listener's */
  nw_listener_set_queue(link->listener, link->queue);
  nw_listener_set_state_changed_handler(link->listener, ^(nw_listener_state_t new_state, nw_error_t error) {
    on_state_changed(link, new_state, error);
  });
  nw_listener_set_new_connection_handler(link->listener, ^(nw_connection_t connection) {
    on_new_connection(link, connection);
  });
  nw_listener_start(link->listener);
  return link;
}

/* The peer's numeric address and port, from the connection's remote endpoint. */
static void name_peer(nw_connection_t connection, char host[WS_HOST_MAX], unsigned *port) {
  nw_endpoint_t remote = nw_connection_copy_endpoint(connection);
  snprintf(host, WS_HOST_MAX, "%s", "unknown");
  *port = 0;
  if (remote == NULL) return;
  if (nw_endpoint_get_type(remote) == nw_endpoint_type_address) {
    const struct sockaddr *address = nw_endpoint_get_address(remote);
    if (address != NULL && address->sa_family == AF_INET) {
      inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)address)->sin_addr, host, WS_HOST_MAX);
    } else if (address != NULL && address->sa_family == AF_INET6) {
      inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)address)->sin6_addr, host, WS_HOST_MAX);
    }
  }
  *port = (unsigned)nw_endpoint_get_port(remote);
  nw_release(remote);
}

ws_link *ws_listener_link_accept(void *pending, ws_stream_state *stream, char peer_host[WS_HOST_MAX],
                                 unsigned *peer_port) {
  nw_connection_t connection = (nw_connection_t)pending;
  ws_link *link;
  name_peer(connection, peer_host, peer_port);
  link = ws_link_accepted(connection, peer_host, *peer_port, stream);
  nw_release(connection); /* the queue's reference; the link holds its own */
  return link;
}

void ws_listener_link_discard(void *pending) {
  nw_connection_t connection = (nw_connection_t)pending;
  nw_connection_cancel(connection);
  nw_release(connection);
}

void ws_listener_link_close(ws_listener_link *link) {
  dispatch_async(link->queue, ^{
    nw_listener_cancel(link->listener);
    drop(link); /* the Lua side's hold */
  });
}
