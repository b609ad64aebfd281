#include "stream_state.h"

#include <stdlib.h>
#include <string.h>

static void copy_message(char out[WS_MESSAGE_MAX], const char *message) {
  strncpy(out, message, WS_MESSAGE_MAX - 1);
  out[WS_MESSAGE_MAX - 1] = '\0';
}

ws_stream_state *ws_stream_state_create(void) {
  ws_stream_state *state = calloc(1, sizeof *state);
  if (state == NULL) return NULL;
  if (pthread_mutex_init(&state->lock, NULL) != 0) {
    free(state);
    return NULL;
  }
  state->references = 1;
  ws_byte_buffer_init(&state->incoming);
  ws_byte_buffer_init(&state->draining);
  return state;
}

void ws_stream_state_retain(ws_stream_state *state) {
  pthread_mutex_lock(&state->lock);
  state->references++;
  pthread_mutex_unlock(&state->lock);
}

void ws_stream_state_release(ws_stream_state *state) {
  int last;
  pthread_mutex_lock(&state->lock);
  last = --state->references == 0;
  pthread_mutex_unlock(&state->lock);
  if (!last) return;
  ws_byte_buffer_free(&state->incoming);
  ws_byte_buffer_free(&state->draining);
  pthread_mutex_destroy(&state->lock);
  free(state);
}

void ws_stream_state_opened(ws_stream_state *state) {
  pthread_mutex_lock(&state->lock);
  if (!state->ended) state->opened = 1;
  pthread_mutex_unlock(&state->lock);
}

static void end_locked(ws_stream_state *state, ws_failure_category category, const char *message) {
  if (state->ended) return;
  state->ended = 1;
  if (state->receive_ended) return; /* the reason read() gives stays the peer's end of stream */
  state->end_category = category;
  copy_message(state->end_message, message);
}

void ws_stream_state_end(ws_stream_state *state, ws_failure_category category, const char *message) {
  pthread_mutex_lock(&state->lock);
  end_locked(state, category, message);
  pthread_mutex_unlock(&state->lock);
}

void ws_stream_state_receive_end(ws_stream_state *state, const char *message) {
  pthread_mutex_lock(&state->lock);
  if (!state->ended && !state->receive_ended) {
    state->receive_ended = 1;
    state->end_category = WS_FAILURE_CLOSED;
    copy_message(state->end_message, message);
  }
  pthread_mutex_unlock(&state->lock);
}

ws_receive_verdict ws_stream_state_received(ws_stream_state *state, const void *bytes, size_t count) {
  ws_receive_verdict verdict = WS_RECEIVE_CONTINUE;
  pthread_mutex_lock(&state->lock);
  if (state->ended || state->receive_ended) {
    verdict = WS_RECEIVE_STOP;
  } else if (!ws_byte_buffer_append(&state->incoming, bytes, count)) {
    end_locked(state, WS_FAILURE_CLOSED, "out of memory while receiving");
    verdict = WS_RECEIVE_STOP;
  } else if (state->incoming.length >= WS_RECEIVE_PAUSE_BYTES) {
    state->receive_paused = 1;
    verdict = WS_RECEIVE_PAUSE;
  }
  pthread_mutex_unlock(&state->lock);
  return verdict;
}

void ws_stream_state_send_completed(ws_stream_state *state, size_t count) {
  pthread_mutex_lock(&state->lock);
  state->unsent = count < state->unsent ? state->unsent - count : 0;
  pthread_mutex_unlock(&state->lock);
}

ws_step_result ws_stream_state_step(ws_stream_state *state, ws_failure_category *category,
                                    char message[WS_MESSAGE_MAX]) {
  ws_step_result result;
  pthread_mutex_lock(&state->lock);
  if (state->opened) {
    result = WS_STEP_OPEN;
  } else if (state->ended) {
    result = WS_STEP_FAILED;
    *category = state->end_category;
    copy_message(message, state->end_message);
  } else {
    result = WS_STEP_CONNECTING;
  }
  pthread_mutex_unlock(&state->lock);
  return result;
}

size_t ws_stream_state_accept_send(ws_stream_state *state, size_t count, int *ended,
                                   ws_failure_category *category, char message[WS_MESSAGE_MAX]) {
  size_t accepted = 0;
  pthread_mutex_lock(&state->lock);
  *ended = state->ended;
  if (state->ended) {
    *category = state->end_category;
    copy_message(message, state->end_message);
  } else if (state->unsent < WS_SEND_WINDOW_BYTES) {
    size_t room = WS_SEND_WINDOW_BYTES - state->unsent;
    accepted = count < room ? count : room;
    state->unsent += accepted;
  }
  pthread_mutex_unlock(&state->lock);
  return accepted;
}

size_t ws_stream_state_unsent(ws_stream_state *state) {
  size_t unsent;
  pthread_mutex_lock(&state->lock);
  unsent = state->unsent;
  pthread_mutex_unlock(&state->lock);
  return unsent;
}

ws_take_result ws_stream_state_take(ws_stream_state *state, const unsigned char **bytes, size_t *count,
                                    int *resume, ws_failure_category *category,
                                    char message[WS_MESSAGE_MAX]) {
  ws_take_result result;
  *resume = 0;
  pthread_mutex_lock(&state->lock);
  /* A previous copy into Lua may have failed and left bytes in `draining`: they go first, and
   * `incoming` waits for the next call, so the order of bytes never changes. */
  if (state->draining.length == 0) {
    ws_byte_buffer_swap(&state->incoming, &state->draining);
    if (state->receive_paused) {
      state->receive_paused = 0;
      *resume = !state->ended;
    }
  }
  if (state->draining.length > 0) {
    result = WS_TAKE_BYTES;
    *bytes = state->draining.data;
    *count = state->draining.length;
  } else if (state->ended || state->receive_ended) {
    result = WS_TAKE_ENDED;
    *category = state->end_category;
    copy_message(message, state->end_message);
  } else {
    result = WS_TAKE_EMPTY;
  }
  pthread_mutex_unlock(&state->lock);
  return result;
}

void ws_stream_state_taken_part(ws_stream_state *state, size_t count) {
  pthread_mutex_lock(&state->lock);
  ws_byte_buffer_consume(&state->draining, count);
  pthread_mutex_unlock(&state->lock);
}

void ws_stream_state_taken(ws_stream_state *state) {
  /* `draining` belongs to the Lua side alone, but taking the lock costs nothing here and keeps
   * the rule simple: every field is touched under the lock. */
  pthread_mutex_lock(&state->lock);
  ws_byte_buffer_clear(&state->draining);
  pthread_mutex_unlock(&state->lock);
}
