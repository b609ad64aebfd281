/*
 * The network half of a listener, one implementation per platform (src/apple/listener_network.c
 * uses Network.framework's NWListener). listener_lua.c drives it from Lua; the link reports back
 * only by writing into the shared ws_listener_state, never by calling Lua.
 */
#ifndef WS_LISTENER_LINK_H
#define WS_LISTENER_LINK_H

#include "link.h"
#include "listener_state.h"
#include "open_options.h"

typedef struct ws_listen_options {
  char host[WS_HOST_MAX]; /* "0.0.0.0", "::", or an address or name of this device */
  unsigned port;          /* 0: the system chooses */
  unsigned backlog;       /* connections that may wait for accept() */
  int tls;                /* the game asked for wss:// */
} ws_listen_options;

typedef struct ws_listener_link ws_listener_link;

/* Starts listening. The link takes its own reference on `state` and reports there. Returns NULL
 * when it could not even start; `state` has then failed with the reason. */
ws_listener_link *ws_listener_link_open(const ws_listen_options *options, ws_listener_state *state);

/* Turns a waiting connection (from ws_listener_state_take) into the link of a stream reporting
 * into `stream`, and names the peer. Consumes `pending`. Returns NULL when it cannot; `stream` has
 * then ended with the reason. */
ws_link *ws_listener_link_accept(void *pending, ws_stream_state *stream, char peer_host[WS_HOST_MAX],
                                 unsigned *peer_port);

/* Releases a waiting connection that will never be accepted (the state's discard callback). */
void ws_listener_link_discard(void *pending);

/* Stops listening and gives the link up; it frees itself once the network is done with it. */
void ws_listener_link_close(ws_listener_link *link);

#endif
