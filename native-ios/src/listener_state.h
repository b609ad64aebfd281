/*
 * What a listener's two threads share: where listening stands (starting, listening, failed and
 * why), the bound port, and the connections that arrived and wait for accept(), at most
 * `capacity` of them. Network.framework calls in on the listener's serial queue (the "network
 * side"); Lua calls in from the service loop (the "Lua side"). One mutex guards everything; no
 * call holds it while it calls out.
 *
 * A waiting connection is an opaque pointer the platform code owns; `discard` releases one that
 * will never be accepted (the queue is full, the listener failed or was closed).
 *
 * Plain C + pthreads, so it is unit-tested (with a real second thread) on any machine.
 */
#ifndef WS_LISTENER_STATE_H
#define WS_LISTENER_STATE_H

#include <pthread.h>
#include <stddef.h>

#include "listen_failure.h"
#include "stream_state.h"

/* The most connections that may wait for accept(), whatever backlog the game asks for. */
#define WS_LISTEN_QUEUE_MAX 4096u

typedef enum ws_listen_phase { WS_LISTEN_STARTING, WS_LISTEN_LISTENING, WS_LISTEN_FAILED } ws_listen_phase;

typedef void (*ws_pending_discard)(void *connection);

typedef struct ws_listener_state {
  pthread_mutex_t lock;
  int references; /* the Lua userdata and the network link each hold one */
  ws_listen_phase phase;
  ws_listen_failure category;
  char message[WS_MESSAGE_MAX];
  unsigned port;
  void **pending; /* a ring of `capacity` slots */
  size_t capacity, head, count;
  ws_pending_discard discard;
} ws_listener_state;

/* Returns NULL when out of memory. The caller holds the one reference. */
ws_listener_state *ws_listener_state_create(size_t capacity, ws_pending_discard discard);
void ws_listener_state_retain(ws_listener_state *state);
/* Drops a reference; the last one discards what still waits and frees the state. */
void ws_listener_state_release(ws_listener_state *state);

/* ---- network side ---- */

/* Bound and listening on `port`. Ignored unless still starting. */
void ws_listener_state_listening(ws_listener_state *state, unsigned port);

/* Failed or closed: the first reason wins. Every waiting connection is discarded. */
void ws_listener_state_fail(ws_listener_state *state, ws_listen_failure category, const char *message);

/* A connection arrived. Returns 1 when it was queued; 0 when the queue is full or the listener is
 * not listening, and then the caller still owns it and must discard it. */
int ws_listener_state_arrived(ws_listener_state *state, void *connection);

/* ---- Lua side ---- */

/* Where listening stands; on WS_LISTEN_FAILED, the category and a copy of the reason. */
ws_listen_phase ws_listener_state_step(ws_listener_state *state, ws_listen_failure *category,
                                       char message[WS_MESSAGE_MAX]);

/* The oldest waiting connection, now owned by the caller; NULL when none waits. */
void *ws_listener_state_take(ws_listener_state *state);

/* The bound port; 0 before listening. */
unsigned ws_listener_state_port(ws_listener_state *state);

#endif
