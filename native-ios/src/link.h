/*
 * The network half of a stream, one implementation per platform (src/apple/link_network.c uses
 * Network.framework). stream_lua.c drives it from Lua; the link reports back only by writing into
 * the shared ws_stream_state, never by calling Lua.
 */
#ifndef WS_LINK_H
#define WS_LINK_H

#include <stddef.h>

#include "open_options.h"
#include "stream_state.h"

typedef struct ws_link ws_link;

/*
 * Starts connecting. The link takes its own reference on `state` and reports there: opened,
 * bytes received, sends completed, the end and its reason. Returns NULL when it could not even
 * start (bad CA file, out of memory); `state` has then been ended with the reason.
 */
ws_link *ws_link_open(const ws_open_options *options, ws_stream_state *state);

/* Hands `count` bytes (already counted by ws_stream_state_accept_send) to the network; the link
 * calls ws_stream_state_send_completed when the network has taken them. */
void ws_link_send(ws_link *link, const unsigned char *bytes, size_t count);

/* Receiving paused (WS_RECEIVE_PAUSE) and the Lua side has drained the buffer: start again. */
void ws_link_resume_receiving(ws_link *link);

/* Closes gracefully (queued bytes first) and gives the link up: it frees itself once the network
 * is done with it. The caller must not use `link` afterwards. */
void ws_link_close(ws_link *link);

#endif
