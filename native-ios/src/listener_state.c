#include "listener_state.h"

#include <stdio.h>
#include <stdlib.h>

ws_listener_state *ws_listener_state_create(size_t capacity, ws_pending_discard discard) {
  ws_listener_state *state = calloc(1, sizeof *state);
  if (state == NULL) return NULL;
  if (capacity < 1) capacity = 1;
  if (capacity > WS_LISTEN_QUEUE_MAX) capacity = WS_LISTEN_QUEUE_MAX;
  state->pending = calloc(capacity, sizeof *state->pending);
  if (state->pending == NULL || pthread_mutex_init(&state->lock, NULL) != 0) {
    free(state->pending);
    free(state);
    return NULL;
  }
  state->references = 1;
  state->phase = WS_LISTEN_STARTING;
  state->category = WS_LISTEN_OTHER;
  state->capacity = capacity;
  state->discard = discard;
  return state;
}

void ws_listener_state_retain(ws_listener_state *state) {
  pthread_mutex_lock(&state->lock);
  state->references++;
  pthread_mutex_unlock(&state->lock);
}

/* Discards the ring's connections and frees it; called without the lock. */
static void discard_all(ws_pending_discard discard, void **ring, size_t capacity, size_t head, size_t count) {
  size_t i;
  for (i = 0; i < count; i++) {
    if (discard != NULL) discard(ring[(head + i) % capacity]);
  }
  free(ring);
}

void ws_listener_state_release(ws_listener_state *state) {
  int last;
  pthread_mutex_lock(&state->lock);
  last = --state->references == 0;
  pthread_mutex_unlock(&state->lock);
  if (!last) return;
  discard_all(state->discard, state->pending, state->capacity, state->head, state->count);
  pthread_mutex_destroy(&state->lock);
  free(state);
}

void ws_listener_state_listening(ws_listener_state *state, unsigned port) {
  pthread_mutex_lock(&state->lock);
  if (state->phase == WS_LISTEN_STARTING) {
    state->phase = WS_LISTEN_LISTENING;
    state->port = port;
  }
  pthread_mutex_unlock(&state->lock);
}

void ws_listener_state_fail(ws_listener_state *state, ws_listen_failure category, const char *message) {
  void **ring = NULL;
  size_t capacity = 0, head = 0, count = 0;
  pthread_mutex_lock(&state->lock);
  if (state->phase != WS_LISTEN_FAILED) {
    state->phase = WS_LISTEN_FAILED;
    state->category = category;
    snprintf(state->message, sizeof state->message, "%s", message != NULL ? message : "");
  }
  /* Nothing arrives any more: hand the waiting connections out of the lock to be discarded. */
  if (state->count > 0) {
    void **empty = calloc(state->capacity, sizeof *empty);
    if (empty != NULL) {
      ring = state->pending;
      capacity = state->capacity;
      head = state->head;
      count = state->count;
      state->pending = empty;
      state->head = 0;
      state->count = 0;
    }
    /* Out of memory: they stay queued and the last release discards them. */
  }
  pthread_mutex_unlock(&state->lock);
  if (ring != NULL) discard_all(state->discard, ring, capacity, head, count);
}

int ws_listener_state_arrived(ws_listener_state *state, void *connection) {
  int queued = 0;
  pthread_mutex_lock(&state->lock);
  if (state->phase == WS_LISTEN_LISTENING && state->count < state->capacity) {
    state->pending[(state->head + state->count) % state->capacity] = connection;
    state->count++;
    queued = 1;
  }
  pthread_mutex_unlock(&state->lock);
  return queued;
}

ws_listen_phase ws_listener_state_step(ws_listener_state *state, ws_listen_failure *category,
                                       char message[WS_MESSAGE_MAX]) {
  ws_listen_phase phase;
  pthread_mutex_lock(&state->lock);
  phase = state->phase;
  if (phase == WS_LISTEN_FAILED) {
    *category = state->category;
    snprintf(message, WS_MESSAGE_MAX, "%s", state->message);
  }
  pthread_mutex_unlock(&state->lock);
  return phase;
}

void *ws_listener_state_take(ws_listener_state *state) {
  void *connection = NULL;
  pthread_mutex_lock(&state->lock);
  if (state->count > 0) {
    connection = state->pending[state->head];
    state->head = (state->head + 1) % state->capacity;
    state->count--;
  }
  pthread_mutex_unlock(&state->lock);
  return connection;
}

unsigned ws_listener_state_port(ws_listener_state *state) {
  unsigned port;
  pthread_mutex_lock(&state->lock);
  port = state->phase == WS_LISTEN_LISTENING ? state->port : 0;
  pthread_mutex_unlock(&state->lock);
  return port;
}
