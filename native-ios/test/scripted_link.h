/*
 * A ws_link for the tests: instead of a network it records what the Lua side asked for, and lets
 * the test play the network side by calling the same ws_stream_state functions that
 * src/apple/link_network.c calls from Network.framework's callbacks.
 */
#ifndef WS_SCRIPTED_LINK_H
#define WS_SCRIPTED_LINK_H

#include "../src/byte_buffer.h"
#include "../src/link.h"

struct ws_link {
  ws_stream_state *state;
  ws_open_options options;  /* ca_pem points at ca_copy: the Lua string is gone after open() */
  char *ca_copy;
  ws_byte_buffer sent;   /* every byte handed to ws_link_send, in order */
  int resume_requests;
  int closed;
};

/* The link of the most recent ws_link_open (NULL when open was made to fail). */
extern ws_link *scripted_last_link;

/* When set, the next ws_link_open fails like bad `ca` certificates do, with this reason. */
extern const char *scripted_fail_next_open;

/* Frees a closed link (the Apple link frees itself once the network is done). */
void scripted_link_free(ws_link *link);

#endif
