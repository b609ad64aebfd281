/*
 * Raw DEFLATE streams over libz for permessage-deflate: the NativeInflateStream and
 * NativeDeflateStream of ts/codec/native.ts, which adds the RFC 7692 rules (budgets, the size
 * limit, 00 00 ff ff) on the Lua side. Portable C (no Lua, no Apple API): tested on Linux by
 * test/codec_test.c against vectors zlib made.
 */
#ifndef WS_CODEC_STREAM_H
#define WS_CODEC_STREAM_H

#include <stddef.h>

typedef struct ws_codec_stream ws_codec_stream;

typedef enum { WS_PULL_FULL, WS_PULL_DRAINED, WS_PULL_ENDED, WS_PULL_ERROR } ws_pull_state;

/* A raw inflate stream for a peer window of window_bits (8-15; 8 is read as 9, as zlib's deflate
 * sends for 8). NULL when out of memory or the arguments are invalid. */
ws_codec_stream *ws_inflate_new(int window_bits);

/* A raw deflate stream (memLevel 8, the default strategy). zlib cannot deflate a raw window of 8:
 * it uses 9, whose matches reach at most 250 bytes back, within what 8 allows. */
ws_codec_stream *ws_deflate_new(int window_bits, int level);

/* Adds compressed input (copied). 0, or -1 when out of memory. */
int ws_inflate_push(ws_codec_stream *stream, const unsigned char *data, size_t length);

/* At most max bytes of output into out; *produced says how many. WS_PULL_ERROR with
 * ws_codec_error() for invalid data. */
ws_pull_state ws_inflate_pull(ws_codec_stream *stream, unsigned char *out, size_t max, size_t *produced);

/* Compresses data; with flush, ends with a sync flush (00 00 ff ff included). The output goes to
 * emit(context, bytes, count) in pieces. 0, or -1 (ws_codec_error() says why). */
int ws_deflate_run(ws_codec_stream *stream, const unsigned char *data, size_t length, int flush,
                   void (*emit)(void *context, const unsigned char *bytes, size_t count), void *context);

/* Forgets the window (no context takeover, or after a final block). */
void ws_codec_reset(ws_codec_stream *stream);

const char *ws_codec_error(const ws_codec_stream *stream);

void ws_codec_free(ws_codec_stream *stream);

#endif
