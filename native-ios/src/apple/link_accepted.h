/*
 * The one way into link_network.c besides ws_link_open: a stream over a connection that an
 * NWListener handed over (src/apple/listener_network.c). Apple-only, since it speaks nw types.
 */
#ifndef WS_LINK_ACCEPTED_H
#define WS_LINK_ACCEPTED_H

#include <Network/Network.h>

#include "../link.h"

/* Starts `connection` (not started yet; the link takes its own reference) as the link of a stream
 * reporting into `state`; `peer_host` and `peer_port` name the client in messages. Returns NULL
 * when it could not (the state has then ended with the reason). */
ws_link *ws_link_accepted(nw_connection_t connection, const char *peer_host, unsigned peer_port,
                          ws_stream_state *state);

#endif
