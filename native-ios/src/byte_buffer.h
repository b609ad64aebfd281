/*
 * A growable run of bytes. Plain C with no platform dependency, so that it is unit-tested on any
 * machine (native-ios/check.sh). Not thread-safe on its own: stream_state.c guards it.
 */
#ifndef WS_BYTE_BUFFER_H
#define WS_BYTE_BUFFER_H

#include <stddef.h>

typedef struct ws_byte_buffer {
  unsigned char *data;
  size_t length;   /* bytes held */
  size_t capacity; /* bytes allocated */
} ws_byte_buffer;

void ws_byte_buffer_init(ws_byte_buffer *buffer);

/* Appends `count` bytes. Returns 1, or 0 when memory ran out (the buffer is then unchanged). */
int ws_byte_buffer_append(ws_byte_buffer *buffer, const void *bytes, size_t count);

/* Forgets the contents and keeps the allocation for the next fill. */
void ws_byte_buffer_clear(ws_byte_buffer *buffer);

/* Forgets the first `count` bytes (all of them when count >= length), keeping the rest in order. */
void ws_byte_buffer_consume(ws_byte_buffer *buffer, size_t count);

/* Exchanges contents and allocations: the cheap way to hand a whole buffer to another owner. */
void ws_byte_buffer_swap(ws_byte_buffer *a, ws_byte_buffer *b);

void ws_byte_buffer_free(ws_byte_buffer *buffer);

#endif
