#include "scripted_listener_link.h"

#include <stdio.h>
#include <stdlib.h>

ws_listener_link *scripted_last_listener = NULL;
int scripted_discarded = 0;

ws_listener_link *ws_listener_link_open(const ws_listen_options *options, ws_listener_state *state) {
  ws_listener_link *link;
  if (options->tls) {
    /* As the Apple link does: this platform serves no TLS. */
    ws_listener_state_fail(state, WS_LISTEN_TLS_UNSUPPORTED, "serving wss:// is not supported here");
    scripted_last_listener = NULL;
    return NULL;
  }
  link = calloc(1, sizeof *link);
  if (link == NULL) return NULL;
  link->state = state;
  ws_listener_state_retain(state);
  link->options = *options;
  scripted_last_listener = link;
  return link;
}

ws_link *ws_listener_link_accept(void *pending, ws_stream_state *stream, char peer_host[WS_HOST_MAX],
                                 unsigned *peer_port) {
  scripted_connection *connection = (scripted_connection *)pending;
  ws_open_options options = {0};
  ws_link *link;
  snprintf(peer_host, WS_HOST_MAX, "%s", connection->host);
  *peer_port = connection->port;
  snprintf(options.host, sizeof options.host, "%s", connection->host);
  options.port = connection->port;
  free(connection);
  link = ws_link_open(&options, stream); /* the scripted stream link: the test plays its network */
  ws_stream_state_opened(stream);
  return link;
}

void ws_listener_link_discard(void *pending) {
  scripted_discarded++;
  free(pending);
}

void ws_listener_link_close(ws_listener_link *link) { link->closed = 1; }

void scripted_listener_link_free(ws_listener_link *link) {
  ws_listener_state_release(link->state);
  free(link);
}
