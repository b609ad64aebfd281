#include "byte_buffer.h"

#include <stdlib.h>
#include <string.h>

/* The first allocation; later ones double, so appending n bytes costs O(n) overall. */
#define WS_BYTE_BUFFER_MIN_CAPACITY 4096

void ws_byte_buffer_init(ws_byte_buffer *buffer) {
  buffer->data = NULL;
  buffer->length = 0;
  buffer->capacity = 0;
}

static int reserve(ws_byte_buffer *buffer, size_t needed) {
  size_t capacity = buffer->capacity < WS_BYTE_BUFFER_MIN_CAPACITY ? WS_BYTE_BUFFER_MIN_CAPACITY
                                                                   : buffer->capacity;
  unsigned char *grown;
  if (needed <= buffer->capacity) return 1;
  while (capacity < needed) {
    if (capacity > ((size_t)-1) / 2) {
      capacity = needed;
      break;
    }
    capacity *= 2;
  }
  grown = realloc(buffer->data, capacity);
  if (grown == NULL) return 0;
  buffer->data = grown;
  buffer->capacity = capacity;
  return 1;
}

int ws_byte_buffer_append(ws_byte_buffer *buffer, const void *bytes, size_t count) {
  if (count == 0) return 1;
  if (count > ((size_t)-1) - buffer->length) return 0;
  if (!reserve(buffer, buffer->length + count)) return 0;
  memcpy(buffer->data + buffer->length, bytes, count);
  buffer->length += count;
  return 1;
}

void ws_byte_buffer_clear(ws_byte_buffer *buffer) { buffer->length = 0; }

void ws_byte_buffer_consume(ws_byte_buffer *buffer, size_t count) {
  if (count >= buffer->length) {
    buffer->length = 0;
    return;
  }
  memmove(buffer->data, buffer->data + count, buffer->length - count);
  buffer->length -= count;
}

void ws_byte_buffer_swap(ws_byte_buffer *a, ws_byte_buffer *b) {
  ws_byte_buffer held = *a;
  *a = *b;
  *b = held;
}

void ws_byte_buffer_free(ws_byte_buffer *buffer) {
  free(buffer->data);
  ws_byte_buffer_init(buffer);
}
