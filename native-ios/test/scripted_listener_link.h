/*
 * A ws_listener_link for the tests: instead of Network.framework it records what the Lua side
 * asked for, and lets the test play the network side through the same ws_listener_state calls
 * that src/apple/listener_network.c makes. A "connection" here is a scripted_connection.
 */
#ifndef WS_SCRIPTED_LISTENER_LINK_H
#define WS_SCRIPTED_LISTENER_LINK_H

#include "../src/listener_link.h"

struct ws_listener_link {
  ws_listener_state *state;
  ws_listen_options options;
  int closed;
};

typedef struct scripted_connection {
  char host[WS_HOST_MAX];
  unsigned port;
} scripted_connection;

/* The listener link of the most recent ws_listener_link_open (NULL when it failed). */
extern ws_listener_link *scripted_last_listener;
/* Connections discarded (never accepted) so far. */
extern int scripted_discarded;

/* Frees a closed listener link. */
void scripted_listener_link_free(ws_listener_link *link);

#endif
