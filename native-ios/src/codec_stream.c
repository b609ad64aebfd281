#include "codec_stream.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

struct ws_codec_stream {
  z_stream z;
  int inflating;
  int ended;
  const char *error;
  /* Inflate input not yet taken by zlib: z.next_in points into it. */
  unsigned char *input;
  size_t input_capacity;
};

static ws_codec_stream *stream_alloc(void) {
  ws_codec_stream *stream = calloc(1, sizeof *stream);
  return stream;
}

ws_codec_stream *ws_inflate_new(int window_bits) {
  if (window_bits < 8 || window_bits > 15) return NULL;
  ws_codec_stream *stream = stream_alloc();
  if (stream == NULL) return NULL;
  stream->inflating = 1;
  if (inflateInit2(&stream->z, -(window_bits < 9 ? 9 : window_bits)) != Z_OK) {
    free(stream);
    return NULL;
  }
  return stream;
}

ws_codec_stream *ws_deflate_new(int window_bits, int level) {
  if (window_bits < 8 || window_bits > 15 || level < 0 || level > 9) return NULL;
  ws_codec_stream *stream = stream_alloc();
  if (stream == NULL) return NULL;
  if (deflateInit2(&stream->z, level, Z_DEFLATED, -(window_bits < 9 ? 9 : window_bits), 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    free(stream);
    return NULL;
  }
  return stream;
}

int ws_inflate_push(ws_codec_stream *stream, const unsigned char *data, size_t length) {
  size_t left = stream->z.avail_in;
  if (left + length > stream->input_capacity) {
    size_t capacity = (left + length) * 2 + 64;
    unsigned char *grown = malloc(capacity);
    if (grown == NULL) return -1;
    if (left > 0) memcpy(grown, stream->z.next_in, left);
    free(stream->input);
    stream->input = grown;
    stream->input_capacity = capacity;
  } else if (left > 0) {
    memmove(stream->input, stream->z.next_in, left);
  }
  if (length > 0) memcpy(stream->input + left, data, length);
  stream->z.next_in = stream->input;
  stream->z.avail_in = (uInt)(left + length);
  return 0;
}

ws_pull_state ws_inflate_pull(ws_codec_stream *stream, unsigned char *out, size_t max, size_t *produced) {
  *produced = 0;
  if (stream->error != NULL) return WS_PULL_ERROR;
  if (stream->ended) return WS_PULL_ENDED;
  stream->z.next_out = out;
  stream->z.avail_out = (uInt)max;
  int result = inflate(&stream->z, Z_SYNC_FLUSH);
  *produced = max - stream->z.avail_out;
  if (result == Z_STREAM_END) {
    /* A final block ended the stream: what follows it in the message is dropped. */
    stream->ended = 1;
    stream->z.avail_in = 0;
    return WS_PULL_ENDED;
  }
  if (result == Z_DATA_ERROR || result == Z_NEED_DICT || result == Z_MEM_ERROR || result == Z_STREAM_ERROR) {
    stream->error = stream->z.msg != NULL ? stream->z.msg : "invalid compressed data";
    return WS_PULL_ERROR;
  }
  return stream->z.avail_out == 0 ? WS_PULL_FULL : WS_PULL_DRAINED;
}

int ws_deflate_run(ws_codec_stream *stream, const unsigned char *data, size_t length, int flush,
                   void (*emit)(void *context, const unsigned char *bytes, size_t count), void *context) {
  unsigned char chunk[16384];
  stream->z.next_in = (unsigned char *)data;
  stream->z.avail_in = (uInt)length;
  for (;;) {
    stream->z.next_out = chunk;
    stream->z.avail_out = sizeof chunk;
    int result = deflate(&stream->z, flush ? Z_SYNC_FLUSH : Z_NO_FLUSH);
    if (result == Z_STREAM_ERROR) {
      stream->error = "deflate failed";
      return -1;
    }
    size_t count = sizeof chunk - stream->z.avail_out;
    if (count > 0) emit(context, chunk, count);
    /* Done when zlib left room in the output: all input taken (and flushed, with flush). */
    if (stream->z.avail_out != 0) break;
  }
  stream->z.next_in = NULL;
  return 0;
}

void ws_codec_reset(ws_codec_stream *stream) {
  if (stream->inflating) {
    inflateReset(&stream->z);
    stream->z.avail_in = 0;
  } else {
    deflateReset(&stream->z);
  }
  stream->ended = 0;
}

const char *ws_codec_error(const ws_codec_stream *stream) {
  return stream->error;
}

void ws_codec_free(ws_codec_stream *stream) {
  if (stream == NULL) return;
  if (stream->inflating) inflateEnd(&stream->z);
  else deflateEnd(&stream->z);
  free(stream->input);
  free(stream);
}
