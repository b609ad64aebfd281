#include "scripted_link.h"

#include <stdlib.h>
#include <string.h>

ws_link *scripted_last_link = NULL;
const char *scripted_fail_next_open = NULL;

ws_link *ws_link_open(const ws_open_options *options, ws_stream_state *state) {
  ws_link *link;
  if (scripted_fail_next_open != NULL) {
    ws_stream_state_end(state, WS_FAILURE_TLS, scripted_fail_next_open);
    scripted_fail_next_open = NULL;
    scripted_last_link = NULL;
    return NULL;
  }
  link = calloc(1, sizeof *link);
  if (link == NULL) return NULL;
  link->state = state;
  ws_stream_state_retain(state);
  link->options = *options;
  if (options->has_ca) {
    link->ca_copy = malloc(options->ca_length);
    if (link->ca_copy == NULL) {
      free(link);
      return NULL;
    }
    memcpy(link->ca_copy, options->ca_pem, options->ca_length);
    link->options.ca_pem = link->ca_copy;
  }
  ws_byte_buffer_init(&link->sent);
  scripted_last_link = link;
  return link;
}

void ws_link_send(ws_link *link, const unsigned char *bytes, size_t count) {
  ws_byte_buffer_append(&link->sent, bytes, count);
}

void ws_link_resume_receiving(ws_link *link) { link->resume_requests++; }

void ws_link_close(ws_link *link) { link->closed = 1; }

void scripted_link_free(ws_link *link) {
  ws_stream_state_release(link->state);
  ws_byte_buffer_free(&link->sent);
  free(link->ca_copy);
  free(link);
}
