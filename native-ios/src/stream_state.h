/*
 * What one stream's two threads share: the bytes received and not yet read, the count of bytes
 * handed to the network and not yet taken by it, and how the stream stands (connecting, open,
 * ended). Network.framework calls in on its own serial queue (the "network side"); Lua calls in
 * from the service loop (the "Lua side"). One mutex guards everything; no call holds it while it
 * calls out, allocates for Lua or can raise a Lua error.
 *
 * Plain C + pthreads, so it is unit-tested (with a real second thread) on any machine.
 */
#ifndef WS_STREAM_STATE_H
#define WS_STREAM_STATE_H

#include <pthread.h>
#include <stddef.h>

#include "byte_buffer.h"
#include "failure.h"

/* Receiving pauses while this many bytes wait unread, so a flood cannot grow memory without
 * bound; TCP flow control then holds the server back until Lua reads again. */
#define WS_RECEIVE_PAUSE_BYTES (4u * 1024u * 1024u)

/* At most this many bytes may wait for the network; write() accepts less (maybe 0) beyond it. */
#define WS_SEND_WINDOW_BYTES (1024u * 1024u)

#define WS_MESSAGE_MAX 256

typedef struct ws_stream_state {
  pthread_mutex_t lock;
  int references;            /* the Lua userdata and the network link each hold one */
  ws_byte_buffer incoming;   /* appended by the network side */
  ws_byte_buffer draining;   /* handed to Lua; only the Lua side touches it */
  size_t unsent;             /* bytes accepted by write() that the network has not taken yet */
  int opened;                /* reached "ready" once */
  int ended;                 /* failed, reset, or was closed: nothing moves either way */
  int receive_ended;         /* the peer's end of stream (FIN): reading ends, sending goes on */
  int receive_paused;        /* the network side stopped receiving (WS_RECEIVE_PAUSE_BYTES) */
  ws_failure_category end_category;
  char end_message[WS_MESSAGE_MAX];
} ws_stream_state;

/* Returns NULL when out of memory. The caller holds the one reference. */
ws_stream_state *ws_stream_state_create(void);
void ws_stream_state_retain(ws_stream_state *state);
/* Drops a reference; the last one frees the state. */
void ws_stream_state_release(ws_stream_state *state);

/* ---- network side ---- */

/* The connection is ready: bytes can flow. */
void ws_stream_state_opened(ws_stream_state *state);

/* The stream failed or ended. The first end wins; later ones are ignored, so a cancellation that
 * follows a failure does not replace its reason. */
void ws_stream_state_end(ws_stream_state *state, ws_failure_category category, const char *message);

/* The peer's end of stream: read() reports the end once the bytes before it were taken, while
 * write() keeps accepting, so sends queued when the server's close frame arrived still leave before
 * the client's own close frame (guarantee 3). */
void ws_stream_state_receive_end(ws_stream_state *state, const char *message);

typedef enum ws_receive_verdict {
  WS_RECEIVE_CONTINUE, /* ask the network for more */
  WS_RECEIVE_PAUSE,    /* enough is waiting: stop until the Lua side asks to resume */
  WS_RECEIVE_STOP      /* out of memory: the stream has been ended */
} ws_receive_verdict;

/* Appends received bytes. */
ws_receive_verdict ws_stream_state_received(ws_stream_state *state, const void *bytes, size_t count);

/* The network took `count` bytes that write() had accepted. */
void ws_stream_state_send_completed(ws_stream_state *state, size_t count);

/* ---- Lua side ---- */

typedef enum ws_step_result {
  WS_STEP_CONNECTING,
  WS_STEP_OPEN,  /* stays so once reached; the end of an open stream shows in read/write */
  WS_STEP_FAILED /* ended before it opened */
} ws_step_result;

/* Where the stream stands; on WS_STEP_FAILED, the category and a copy of the reason. */
ws_step_result ws_stream_state_step(ws_stream_state *state, ws_failure_category *category,
                                    char message[WS_MESSAGE_MAX]);

/* How many of `count` bytes write() may accept now, counted as unsent at once, so buffered()
 * includes them before the network side has even seen them. Returns 0 after the stream ended,
 * with the category and reason filled in and *ended set. */
size_t ws_stream_state_accept_send(ws_stream_state *state, size_t count, int *ended,
                                   ws_failure_category *category, char message[WS_MESSAGE_MAX]);

/* Bytes accepted and not yet taken by the network. */
size_t ws_stream_state_unsent(ws_stream_state *state);

typedef enum ws_take_result {
  WS_TAKE_BYTES, /* bytes + count: everything received so far; ws_stream_state_taken after copying */
  WS_TAKE_EMPTY, /* nothing new, stream still going */
  WS_TAKE_ENDED  /* nothing left and the stream has ended: category + reason filled in */
} ws_take_result;

/*
 * Moves everything received into the Lua side's draining buffer and points at it. The bytes stay
 * owned by the state until ws_stream_state_taken, so if copying them into Lua raises (out of
 * memory), nothing is lost or leaked: the next call returns them again. Sets *resume when
 * receiving had paused and should start again (the caller asks its link to resume).
 */
ws_take_result ws_stream_state_take(ws_stream_state *state, const unsigned char **bytes, size_t *count,
                                    int *resume, ws_failure_category *category,
                                    char message[WS_MESSAGE_MAX]);

/* The bytes returned by the last WS_TAKE_BYTES have been copied into Lua. */
void ws_stream_state_taken(ws_stream_state *state);

/* Only the first `count` of them have (read(maxBytes)): the rest is returned first by the next take,
 * and until it has all been taken no newer bytes are moved over, so receiving stays paused once
 * the state is full and TCP flow control slows the peer. */
void ws_stream_state_taken_part(ws_stream_state *state, size_t count);

#endif
